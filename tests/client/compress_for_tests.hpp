#pragma once
// gzip, zlib and raw deflate encoders for tests of the client's decoding (zlib's deflate with the matching window).
#include <zlib.h>

#include <stdexcept>
#include <string>

namespace ca::test {

enum class Wrapper { Gzip = 15 + 16, Zlib = 15, Raw = -15 };

inline std::string compress(const std::string& input, Wrapper wrapper = Wrapper::Gzip) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, static_cast<int>(wrapper), 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&z, input.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  z.avail_in = static_cast<uInt>(input.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
  return out;
}

}  // namespace ca::test

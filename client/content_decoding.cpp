#include "client/content_decoding.hpp"

#include <algorithm>

#include "client/http_headers.hpp"

namespace ca::api {
namespace {

constexpr std::size_t kOutputStep = 64 * 1024;  // output grown by at most this much per inflate() call

// RFC 1950 §2.2: a zlib stream starts with CMF/FLG where CM = 8 and (CMF*256 + FLG) is a multiple of 31.
bool looks_like_zlib(unsigned char cmf, unsigned char flg) { return (cmf & 0x0f) == 8 && (cmf * 256 + flg) % 31 == 0; }

}  // namespace

std::optional<Coding> coding_named(std::string_view name) {
  if (ascii_iequals(name, "gzip") || ascii_iequals(name, "x-gzip")) return Coding::Gzip;
  if (ascii_iequals(name, "deflate")) return Coding::Deflate;
  return std::nullopt;
}

ContentDecoder::ContentDecoder(Coding coding, std::size_t max_output_bytes)
    : coding_(coding), max_output_(max_output_bytes) {}

ContentDecoder::~ContentDecoder() {
  if (started_) inflateEnd(&stream_);
}

ContentDecoder::Status ContentDecoder::start(std::string_view first_bytes) {
  // "deflate" is specified as zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send raw deflate: the first two
  // bytes tell them apart. gzip has its own header.
  int window_bits = 15 + 16;
  if (coding_ == Coding::Deflate) {
    const auto cmf = static_cast<unsigned char>(first_bytes[0]), flg = static_cast<unsigned char>(first_bytes[1]);
    window_bits = looks_like_zlib(cmf, flg) ? 15 : -15;
  }
  if (inflateInit2(&stream_, window_bits) != Z_OK) return Status::Corrupt;
  started_ = true;
  return Status::Ok;
}

ContentDecoder::Status ContentDecoder::write(std::string_view in, std::string& out) {
  if (in.empty()) return Status::Ok;
  saw_input_ = true;
  if (!started_) {
    if (coding_ == Coding::Deflate && pending_.size() + in.size() < 2) {
      pending_.append(in);
      return Status::Ok;
    }
    if (!pending_.empty()) {
      std::string joined = std::move(pending_);
      joined.append(in);
      pending_.clear();
      if (auto s = start(joined); s != Status::Ok) return s;
      return write(joined, out);
    }
    if (auto s = start(in); s != Status::Ok) return s;
  }
  stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream_.avail_in = static_cast<uInt>(in.size());
  while (true) {
    if (ended_) {
      if (stream_.avail_in == 0) return Status::Ok;
      // Only another gzip member may follow the end of one (RFC 1952 §2.2); anything else is not this coding.
      if (coding_ != Coding::Gzip || stream_.next_in[0] != 0x1f) return Status::Corrupt;
      if (inflateReset(&stream_) != Z_OK) return Status::Corrupt;
      ended_ = false;
    }
    // Room for one byte past the cap, so that passing it is seen rather than silently clipped.
    const std::size_t old_size = out.size();
    if (old_size > max_output_) return Status::TooLarge;
    const std::size_t room = std::min(kOutputStep, max_output_ - old_size + 1);
    out.resize(old_size + room);
    stream_.next_out = reinterpret_cast<Bytef*>(out.data() + old_size);
    stream_.avail_out = static_cast<uInt>(room);
    const int rc = inflate(&stream_, Z_NO_FLUSH);
    const std::size_t produced = room - stream_.avail_out;
    out.resize(old_size + produced);
    if (out.size() > max_output_) {
      out.resize(max_output_);
      return Status::TooLarge;
    }
    if (rc == Z_STREAM_END) {
      ended_ = true;
      continue;
    }
    if (rc == Z_BUF_ERROR && stream_.avail_in == 0) return Status::Ok;  // needs more input
    if (rc != Z_OK) return Status::Corrupt;
    if (stream_.avail_in == 0 && stream_.avail_out != 0) return Status::Ok;  // all input used, nothing pending
  }
}

ContentDecoder::Status ContentDecoder::finish() const {
  if (!saw_input_) return Status::Ok;
  return ended_ ? Status::Ok : Status::Corrupt;
}

}  // namespace ca::api

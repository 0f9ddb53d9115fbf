#pragma once
// Streaming zlib decoding of a gzip- or deflate-coded response body, with a cap on the decoded size so that a
// small compressed body cannot expand past max_response_bytes (a "gzip bomb" stops at the cap).
#include <zlib.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ca::api {

enum class Coding { Gzip, Deflate };

// "gzip"/"x-gzip" and "deflate" (case-insensitive); nullopt for anything else ("identity" is not a coding).
std::optional<Coding> coding_named(std::string_view name);

class ContentDecoder {
 public:
  enum class Status { Ok, TooLarge, Corrupt };

  ContentDecoder(Coding coding, std::size_t max_output_bytes);
  ~ContentDecoder();
  ContentDecoder(const ContentDecoder&) = delete;
  ContentDecoder& operator=(const ContentDecoder&) = delete;

  // Decodes `in` and appends the result to `out`. TooLarge as soon as `out` would pass the cap.
  Status write(std::string_view in, std::string& out);
  // The body has ended: Corrupt when the compressed stream had not (an empty body decodes to nothing).
  Status finish() const;

 private:
  Status start(std::string_view first_bytes);

  const Coding coding_;
  const std::size_t max_output_;
  z_stream stream_{};
  bool started_ = false;  // inflateInit2 done
  bool ended_ = false;    // the last member's end was seen
  bool saw_input_ = false;
  std::string pending_;   // deflate: the first byte, until the second tells zlib from raw deflate
};

}  // namespace ca::api

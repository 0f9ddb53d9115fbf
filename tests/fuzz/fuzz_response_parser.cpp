// The client's HTTP/1.x response parser (client/response_parser.hpp: incremental, no I/O) on arbitrary bytes, fed
// whole and again in slices the input chooses, then told the peer closed (or not). Input: one options byte (bit 0:
// a reply to HEAD; bit 1: the peer closes after the bytes; bits 2-4: the body cap, from 0 bytes to 16 MiB), one byte
// that seeds the slice lengths (1 to 64 bytes each), then the bytes as they arrive from the socket.
// Properties, besides no crash or sanitizer report (length arithmetic, chunk sizes, gzip/deflate through zlib):
//   - feeding whole and feeding in slices agree: state, status, body when Done, reusability, error kind when Failed;
//   - the body never exceeds the cap, in any state, decoded size included;
//   - a Done response is consistent: a final status (200-999, never 1xx); no body for a reply to HEAD, 204 or 304;
//     a body of exactly Content-Length bytes when that framed it and no coding was undone;
//   - a Failed parse has a reason.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "client/response_parser.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using ca::api::ResponseParser;
using State = ResponseParser::State;

constexpr std::size_t kBodyCaps[8] = {0, 1, 16, 100, 1024, 64 * 1024, 1u << 20, 16u << 20};
constexpr std::size_t kMaxSlice = 64;

struct Sliced {
  ResponseParser parser;
  Sliced(std::string_view bytes, const ca::api::ResponseLimits& limits, bool reply_to_head, bool peer_closed,
         std::uint8_t seed)
      : parser(limits, reply_to_head) {
    std::uint32_t state = seed * 2654435761u + 1;  // a small LCG: the same input always slices the same way
    for (std::size_t at = 0; at < bytes.size();) {
      state = state * 1664525u + 1013904223u;
      const std::size_t length = 1 + (state >> 16) % kMaxSlice;
      parser.feed(bytes.substr(at, length));
      at += length;
    }
    if (peer_closed) parser.finish();
  }
};

// Content-Length as one decimal number, when it is one (a list or junk: nullopt, and no length check is made).
std::optional<std::uint64_t> declared_length(const ca::api::HttpHeaders& headers) {
  const std::string text = headers.get("Content-Length");
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t options = data[0];
  const bool reply_to_head = (options & 1) != 0;
  const bool peer_closed = (options & 2) != 0;
  ca::api::ResponseLimits limits;
  limits.max_body_bytes = kBodyCaps[(options >> 2) & 7];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 2, size - 2);

  const ca::api::ParsedResponse whole = ca::api::parse_response(bytes, limits, peer_closed, reply_to_head);
  Sliced sliced(bytes, limits, reply_to_head, peer_closed, data[1]);
  ResponseParser& parser = sliced.parser;

  CA_FUZZ_CHECK(parser.state() == whole.state, "whole and sliced feeding end in the same state");
  CA_FUZZ_CHECK((parser.head_complete() ? parser.status() : 0) == whole.status, "... with the same status");
  CA_FUZZ_CHECK(parser.reusable() == whole.reusable, "... and the same reusability");
  CA_FUZZ_CHECK(whole.body.size() <= limits.max_body_bytes, "the body never exceeds the cap (whole)");
  CA_FUZZ_CHECK(parser.body().size() <= limits.max_body_bytes, "the body never exceeds the cap (sliced)");

  if (whole.state == State::Failed) {
    CA_FUZZ_CHECK(parser.error_kind() == whole.error_kind, "whole and sliced fail the same way");
    CA_FUZZ_CHECK(!whole.error_detail.empty(), "a failure says why");
  }
  if (whole.state == State::Done) {
    CA_FUZZ_CHECK(parser.body() == whole.body, "whole and sliced give the same body");
    CA_FUZZ_CHECK(whole.status >= 200 && whole.status <= 999, "a Done response has a final status");
    if (reply_to_head || whole.status == 204 || whole.status == 304)
      CA_FUZZ_CHECK(whole.body.empty(), "a reply to HEAD, a 204 and a 304 have no body");
    const bool decoded = whole.headers.has("Content-Encoding") || whole.headers.has("Transfer-Encoding");
    if (parser.framing() == ca::api::Framing::Length && !decoded) {
      const auto length = declared_length(whole.headers);
      if (length) CA_FUZZ_CHECK(whole.body.size() == *length, "a Content-Length body is exactly that long");
    }
  }
  return 0;
}

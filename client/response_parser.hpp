#pragma once
// An HTTP/1.x response parser with no I/O: it is fed bytes as they arrive (in pieces of any size, down to one
// byte) and told when the peer closed. It finds the end of the message exactly as RFC 9112 §6.3 says, skips
// interim 1xx responses, undoes chunked transfer coding and gzip/deflate content coding, and enforces byte and
// count limits everywhere, so that no upstream can make it wait for bytes that will never come or hold more
// memory than the limits allow. It is also the target the fuzzers are pointed at (parse_response below).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "client/content_decoding.hpp"
#include "client/error.hpp"
#include "client/http_headers.hpp"

namespace ca::api {

// Every bound the parser keeps. The defaults are the documented limits (docs/client.md, "Wire layer");
// max_body_bytes comes from ClientConfig::max_response_bytes.
struct ResponseLimits {
  std::size_t max_head_bytes = 64 * 1024;      // status line + header fields of one response (each 1xx too)
  std::size_t max_header_fields = 256;         // fields in one head; also trailer fields
  std::size_t max_interim_responses = 16;      // 1xx responses skipped before the final one
  std::size_t max_chunk_line_bytes = 4 * 1024;  // a chunk-size line, extensions included
  std::size_t max_trailer_bytes = 16 * 1024;   // the trailer section after the last chunk (read and discarded)
  std::size_t max_codings = 4;                 // transfer + content codings to undo
  std::size_t max_body_bytes = 16u << 20;      // body bytes on the wire, and again after decoding
};

// How the final response's body is delimited (RFC 9112 §6.3).
enum class Framing { NoBody, Length, Chunked, UntilClose };

class ResponseParser {
 public:
  enum class State { Head, Body, Done, Failed };

  explicit ResponseParser(ResponseLimits limits, bool reply_to_head = false);
  ~ResponseParser();
  ResponseParser(const ResponseParser&) = delete;
  ResponseParser& operator=(const ResponseParser&) = delete;

  // Consumes bytes and returns the state after them. Bytes that arrive after a complete response are not part of
  // it: they only mark the connection as not reusable.
  State feed(std::string_view bytes);
  // The peer closed the connection: completes a body delimited by close, and is a failure anywhere else.
  State finish();

  State state() const { return state_; }
  bool received_any() const { return received_any_; }  // at least one byte arrived
  bool head_complete() const { return head_complete_; }  // the final status line and headers are in

  // Valid once head_complete(): the final response's status line and header fields (interim 1xx are dropped).
  int status() const { return status_; }
  int http_minor_version() const { return minor_version_; }
  const HttpHeaders& headers() const { return headers_; }
  HttpHeaders& headers() { return headers_; }
  Framing framing() const { return framing_; }
  std::string& body() { return body_; }  // decoded; complete once state() == Done

  // Done, and HTTP allows another request on this connection: a persistent connection (HTTP/1.1 without
  // "Connection: close", or HTTP/1.0 with "Connection: keep-alive"), a self-delimited body read to its end,
  // unambiguous framing, and nothing received past the end of the response.
  bool reusable() const;

  // Valid when state() == Failed.
  ErrorKind error_kind() const { return error_kind_; }
  const std::string& error_detail() const { return error_detail_; }

 private:
  enum class Phase { StatusLine, HeaderLine, LengthBody, CloseBody, ChunkSize, ChunkData, ChunkDataEnd, Trailer };

  std::size_t line_limit() const;
  std::string line_limit_message() const;
  void on_line(std::string_view line);
  void on_status_line(std::string_view line);
  void on_header_line(std::string_view line);
  void on_chunk_size_line(std::string_view line);
  void end_of_head();
  bool choose_framing();
  bool set_up_decoders();
  void append_body(std::string_view bytes);  // applies the wire cap, then take_body
  void take_body(std::string_view bytes);    // counts and decodes body bytes known to fit under the cap
  void decode(std::string_view bytes);       // through every decoder, in order
  void complete();
  void fail(ErrorKind kind, std::string detail);

  const ResponseLimits limits_;
  const bool reply_to_head_;
  State state_ = State::Head;
  Phase phase_ = Phase::StatusLine;
  bool received_any_ = false;
  bool head_complete_ = false;
  bool surplus_ = false;          // bytes after the end of the response
  bool peer_closed_ = false;
  bool ambiguous_framing_ = false;  // Transfer-Encoding with Content-Length, or in an HTTP/1.0 reply
  std::string line_;              // the line being assembled
  std::size_t head_bytes_ = 0;    // of the current head (or the trailer section)
  std::size_t interim_count_ = 0;
  std::size_t trailer_fields_ = 0;

  int status_ = 0;
  int minor_version_ = 1;
  HttpHeaders headers_;
  Framing framing_ = Framing::NoBody;
  std::uint64_t remaining_ = 0;   // bytes left in a Content-Length body or the current chunk
  std::uint64_t wire_body_bytes_ = 0;
  std::vector<std::unique_ptr<ContentDecoder>> decoders_;  // in the order they are undone
  std::vector<std::string> stage_buffers_;                 // between decoders when there are several
  std::string body_;

  ErrorKind error_kind_ = ErrorKind::MalformedResponse;
  std::string error_detail_;
};

// The whole of a response at once (then end of input when `peer_closed`): for fuzzers and tests.
struct ParsedResponse {
  ResponseParser::State state = ResponseParser::State::Head;
  int status = 0;
  HttpHeaders headers;
  std::string body;
  bool reusable = false;
  ErrorKind error_kind = ErrorKind::MalformedResponse;
  std::string error_detail;
};
ParsedResponse parse_response(std::string_view bytes, const ResponseLimits& limits, bool peer_closed,
                              bool reply_to_head = false);

}  // namespace ca::api

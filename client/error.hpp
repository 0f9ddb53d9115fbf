#pragma once
// One error type for everything that can go wrong talking to CreatorAudit: RFC 9457 problems from the API and
// transport failures alike, each with the X-Request-ID when one arrived. Network calls return Result<T>
// (errors as values, like cpp-httplib), never throw.
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/json_util.hpp"

namespace ca::api {

enum class ErrorKind {
  Http,               // the API answered with a problem (status, code, ... are set)
  Timeout,            // connect or read timeout
  ConnectionFailed,   // refused, reset, dropped before a full response
  Tls,                // handshake or certificate/host-name verification failure
  InvalidJson,        // a 2xx body that is not the JSON the endpoint promises
  TruncatedBody,      // fewer bytes than Content-Length, or a chunked body cut short
  MalformedResponse,  // the reply broke HTTP/1.1 (status line, header field, framing, chunk, content coding)
  BodyTooLarge,       // response above max_response_bytes; reading stopped there
  RetryAfterTooLong,  // the wait the API asked for does not fit before the caller's deadline
  DeadlineExceeded,   // the caller's deadline passed
  Cancelled,          // the caller cancelled
  InvalidArgument,    // rejected before sending (bad id, bad base URL, ...)
  Configuration,      // missing key, http:// to a non-loopback host, ...
};

const char* to_string(ErrorKind kind);

struct FieldError {
  std::string field;
  std::string message;
};

struct ApiError {
  ErrorKind kind = ErrorKind::Http;
  int status = 0;  // HTTP status when one was received, else 0
  std::string code;
  std::string title;
  std::string detail;
  std::string instance;
  std::string request_id;  // X-Request-ID header, else the body's request_id
  std::vector<FieldError> errors;
  std::optional<int> retry_after_seconds;
  int attempts = 0;  // how many HTTP attempts were made
  std::string client_note;  // what the client did about the answer, e.g. a Retry-After it did not believe

  // For the model and the log, e.g.
  // "CreatorAudit 404 NOT_FOUND: Account not found. (request_id=8f1c...)"
  // "CreatorAudit 429 RATE_LIMITED: Rate limit exceeded. Retry after 30 s. (request_id=...)"
  // "CreatorAudit request timed out after 3 attempts (request_id=...)"
  std::string message() const;
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(ApiError error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const ApiError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, ApiError> v_;
};

}  // namespace ca::api

#include "client/error.hpp"

namespace ca::api {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Http: return "http";
    case ErrorKind::Timeout: return "timeout";
    case ErrorKind::ConnectionFailed: return "connection_failed";
    case ErrorKind::Tls: return "tls";
    case ErrorKind::InvalidJson: return "invalid_json";
    case ErrorKind::TruncatedBody: return "truncated_body";
    case ErrorKind::BodyTooLarge: return "body_too_large";
    case ErrorKind::RetryAfterTooLong: return "retry_after_too_long";
    case ErrorKind::DeadlineExceeded: return "deadline_exceeded";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::InvalidArgument: return "invalid_argument";
    case ErrorKind::Configuration: return "configuration";
  }
  return "unknown";
}

}  // namespace ca::api

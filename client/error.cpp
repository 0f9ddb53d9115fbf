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
    case ErrorKind::MalformedResponse: return "malformed_response";
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

namespace ca::api {
namespace {

// What went wrong, in words, for errors that did not come from an API problem body.
std::string transport_summary(const ApiError& e) {
  switch (e.kind) {
    case ErrorKind::Timeout: return "request timed out";
    case ErrorKind::ConnectionFailed: return "connection failed";
    case ErrorKind::Tls: return "TLS handshake or certificate verification failed";
    case ErrorKind::InvalidJson: return "response was not valid JSON";
    case ErrorKind::TruncatedBody: return "response body was cut short";
    case ErrorKind::MalformedResponse: return "response broke HTTP framing";
    case ErrorKind::BodyTooLarge: return "response body exceeded the size limit";
    case ErrorKind::RetryAfterTooLong: return "asked to wait longer than the time left";
    case ErrorKind::DeadlineExceeded: return "deadline exceeded";
    case ErrorKind::Cancelled: return "request cancelled";
    case ErrorKind::InvalidArgument: return "invalid argument";
    case ErrorKind::Configuration: return "configuration error";
    case ErrorKind::Http: break;
  }
  return "request failed";
}

void append_sentence(std::string& out, const std::string& text) {
  if (text.empty()) return;
  out += ' ';
  out += text;
  char last = text.back();
  if (last != '.' && last != '!' && last != '?') out += '.';
}

}  // namespace

std::string ApiError::message() const {
  // Built with append() only: GCC 12's -Wstringop-overflow misfires on `str += "x" + std::to_string(n)` at -O2.
  std::string out = "CreatorAudit";
  if (kind == ErrorKind::Http) {
    if (status) out.append(" ").append(std::to_string(status));
    if (!code.empty()) out.append(" ").append(code);
    out.append(":");
    append_sentence(out, !detail.empty() ? detail : !title.empty() ? title : "request failed");
  } else {
    out.append(" ").append(transport_summary(*this));
    if (status) out.append(" (HTTP ").append(std::to_string(status)).append(")");
    if (attempts > 1) out.append(" after ").append(std::to_string(attempts)).append(" attempts");
    if (!detail.empty()) {
      out.append(":");
      append_sentence(out, detail);
    } else {
      out.append(".");
    }
  }
  if (!errors.empty()) {
    std::string fields = "Invalid fields: ";
    for (std::size_t i = 0; i < errors.size(); ++i) {
      if (i) fields.append("; ");
      if (!errors[i].field.empty()) fields.append(errors[i].field).append(": ");
      fields.append(errors[i].message);
    }
    append_sentence(out, fields);
  }
  append_sentence(out, client_note);
  if (retry_after_seconds) out.append(" Retry after ").append(std::to_string(*retry_after_seconds)).append(" s.");
  if (!request_id.empty()) out.append(" (request_id=").append(request_id).append(")");
  return out;
}

}  // namespace ca::api

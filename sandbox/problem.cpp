#include "sandbox/problem.hpp"

#include <algorithm>
#include <cctype>

namespace ca::sandbox {

Problem::Problem(int status_, std::string code_, std::string detail_, std::vector<FieldError> errors_)
    : std::runtime_error(detail_),
      status(status_),
      code(std::move(code_)),
      detail(std::move(detail_)),
      errors(std::move(errors_)) {}

Problem Problem::validation(std::string field, std::string message) {
  std::string detail = "Validation failed: " + field + " " + message + ".";
  return Problem(422, "VALIDATION_ERROR", std::move(detail), {{std::move(field), std::move(message)}});
}

ca::Json Problem::to_json(const std::string& instance, const std::string& request_id) const {
  std::string slug = code;
  std::transform(slug.begin(), slug.end(), slug.begin(),
                 [](unsigned char c) { return c == '_' ? '-' : static_cast<char>(std::tolower(c)); });
  ca::Json body = {{"type", "urn:creatoraudit:error:" + slug},
                   {"title", status_title(status)},
                   {"status", status},
                   {"detail", detail},
                   {"code", code},
                   {"instance", instance},
                   {"request_id", request_id}};
  if (status == 422) {
    body["errors"] = ca::Json::array();
    for (const auto& e : errors) body["errors"].push_back({{"field", e.field}, {"message", e.message}});
  }
  for (const auto& [key, value] : extensions.items()) body[key] = value;
  return body;
}

std::string status_title(int status) {
  switch (status) {
    case 200: return "OK";  // the 2xx/3xx phrases serve status lines the sandbox writes itself (trickle)
    case 201: return "Created";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status >= 500 ? "Server Error" : "Client Error";
  }
}

std::string default_code(int status) {
  switch (status) {
    case 400: return "BAD_REQUEST";
    case 401: return "UNAUTHORIZED";
    case 403: return "FORBIDDEN";
    case 404: return "NOT_FOUND";
    case 405: return "METHOD_NOT_ALLOWED";
    case 406: return "NOT_ACCEPTABLE";
    case 409: return "CONFLICT";
    case 415: return "UNSUPPORTED_MEDIA_TYPE";
    case 422: return "VALIDATION_ERROR";
    case 429: return "RATE_LIMITED";
    case 502: return "UPSTREAM_ERROR";
    case 503: return "SERVICE_UNAVAILABLE";
    default: return status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
  }
}

}  // namespace ca::sandbox

#pragma once
// What call_api may send: a path under the configured base URL, never another host. The model's text is checked
// against an allow-list rather than cleaned: the path holds only unreserved characters and '/', with no empty,
// "." or ".." segment and no percent-encoding (so no %2e%2e or %2f); the query is split into decoded pairs that
// the client encodes again. Everything else (a scheme, "//host", backslashes, control or non-ASCII bytes, a
// fragment) is refused with the rule that failed.
#include <string>
#include <variant>

#include "client/client.hpp"

namespace ca::tools {

struct ApiTarget {
  std::string path;  // e.g. "/videos", appended to the base URL's prefix
  api::Query query;  // decoded
};

// The target, or the rule `text` breaks (for an argument error).
std::variant<ApiTarget, std::string> parse_api_target(const std::string& text);

}  // namespace ca::tools

#pragma once
// The API key must never reach a log line or an error: anything that could echo it (a problem body, an
// exception text) goes through redact() before it leaves the client.
#include <string>

namespace ca::api {

inline constexpr const char* kRedacted = "[REDACTED]";

// Replaces every occurrence of `secret` (when not empty) and the token of any "Bearer <token>" with [REDACTED].
std::string redact(std::string text, const std::string& secret);

}  // namespace ca::api

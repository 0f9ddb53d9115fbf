#pragma once
// The API key must never reach a log line or an error: anything that could echo it (a problem body, an
// exception text) goes through redact() before it leaves the client.
#include <cstddef>
#include <string>

namespace ca::api {

inline constexpr const char* kRedacted = "[REDACTED]";

// Replaces every occurrence of `secret` and the token of any "Bearer <token>" with [REDACTED]. A secret shorter
// than kMinRedactedLength is not searched for: no real key is that short, and replacing every "k" in a message
// would only garble it.
inline constexpr std::size_t kMinRedactedLength = 6;
std::string redact(std::string text, const std::string& secret);

}  // namespace ca::api

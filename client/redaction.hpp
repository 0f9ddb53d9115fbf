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

// A URL fit for a message or a log line: userinfo ("user:pass@") and everything from "?" or "#" on are replaced
// with [REDACTED] (a "?key=..." must not be echoed), control characters are shown as \xNN, and the result is cut
// at kMaxShownUrlBytes.
inline constexpr std::size_t kMaxShownUrlBytes = 256;
std::string redact_url(const std::string& url);

}  // namespace ca::api

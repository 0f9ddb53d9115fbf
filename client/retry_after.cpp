#include "client/retry_after.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>

namespace ca::api {
namespace {

// Longer than any deadline; keeps the millisecond arithmetic far from overflow for absurd values.
constexpr long long kMaxRetryAfterSeconds = 1'000'000'000;

}  // namespace

std::optional<long long> parse_http_date(const std::string& value) {
  // IMF-fixdate, then the obsolete RFC 850 and asctime forms that recipients must still accept.
  static constexpr const char* kFormats[] = {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT",
                                             "%a %b %e %H:%M:%S %Y"};
  for (const char* format : kFormats) {
    std::tm tm{};
    const char* end = strptime(value.c_str(), format, &tm);
    if (end && *end == '\0') return static_cast<long long>(timegm(&tm));
  }
  return std::nullopt;
}

std::optional<Millis> parse_retry_after(const std::string& raw, WallTime now) {
  std::string value = raw;
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
  std::size_t start = value.find_first_not_of(" \t");
  if (start == std::string::npos) return std::nullopt;
  value = value.substr(start);

  long long seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc{} && end == value.data() + value.size()) {
    if (seconds < 0) return std::nullopt;
    return Millis(std::min(seconds, kMaxRetryAfterSeconds) * 1000);
  }
  auto date = parse_http_date(value);
  if (!date) return std::nullopt;
  auto now_ms = std::chrono::duration_cast<Millis>(now.time_since_epoch()).count();
  long long wait = *date * 1000 - now_ms;
  return Millis(wait > 0 ? wait : 0);
}

std::string format_http_date(WallTime t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

}  // namespace ca::api

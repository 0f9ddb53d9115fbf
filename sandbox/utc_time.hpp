#pragma once
// Calendar arithmetic in whole UTC days (days since 1970-01-01), and the three text forms the API uses:
// dates (YYYY-MM-DD), ISO 8601 timestamps (…Z) and IMF-fixdate (Retry-After as an HTTP-date).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace ca::sandbox {

using DayNumber = std::int64_t;

DayNumber day_of(WallTime t);
std::string format_date(DayNumber day);
std::optional<DayNumber> parse_date(std::string_view text);  // strict YYYY-MM-DD, a real calendar date
std::string format_timestamp(WallTime t);                     // 2026-06-14T09:30:00Z
std::string format_http_date(WallTime t);                     // Sun, 06 Nov 1994 08:49:37 GMT
std::int64_t epoch_seconds(WallTime t);

}  // namespace ca::sandbox

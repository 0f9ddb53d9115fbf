#pragma once
// Reading the server's "wait this long" hints: Retry-After as delta-seconds or as an HTTP-date (RFC 9110 §10.2.3;
// the sandbox sends seconds but the real service may send either), and X-RateLimit-Reset as epoch seconds.
#include <optional>
#include <string>

#include "common/clock.hpp"

namespace ca::api {

// Wait implied by a Retry-After value at wall time `now`; nullopt when the value is neither form. A date in the
// past means no wait (0).
std::optional<Millis> parse_retry_after(const std::string& value, WallTime now);

// Seconds since the epoch for an HTTP-date in any of the three RFC 9110 forms.
std::optional<long long> parse_http_date(const std::string& value);

// An HTTP-date (IMF-fixdate) for `t`; used by tests and the docs examples.
std::string format_http_date(WallTime t);

}  // namespace ca::api

// The Retry-After parser (delta-seconds or any of the three HTTP-date forms) on arbitrary header values, at a
// wall time taken from the input. Properties: no crash or sanitizer report (strptime, from_chars and millisecond
// arithmetic on attacker-chosen values), a wait is never negative, and formatting a date then parsing it gives
// the same second back.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "client/retry_after.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

// Wall times from 1970 to the last second the system clock can hold (nanoseconds in an int64: April 2262).
const std::int64_t kLastWallSecond =
    std::chrono::duration_cast<std::chrono::seconds>(ca::WallTime::max().time_since_epoch()).count();

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const std::int64_t now_seconds = input.ConsumeIntegralInRange<std::int64_t>(0, kLastWallSecond);
  const ca::WallTime now{std::chrono::seconds(now_seconds)};
  const std::string value = input.ConsumeRemainingBytesAsString();

  if (const auto wait = ca::api::parse_retry_after(value, now)) CA_FUZZ_CHECK(wait->count() >= 0, "no negative wait");
  (void)ca::api::parse_http_date(value);

  const auto round_trip = ca::api::parse_http_date(ca::api::format_http_date(now));
  CA_FUZZ_CHECK(round_trip && *round_trip == now_seconds, "format_http_date then parse_http_date is the identity");
  return 0;
}

// The shared rate budget driven by arbitrary X-RateLimit-Limit/-Remaining/-Reset header values, interleaved with
// slot requests, finished attempts and clock steps, the way the client's transport loop drives it. Header text is
// read as the client reads it: a decimal integer filling the whole value, anything else absent. Properties: no
// crash or sanitizer report (signed arithmetic on attacker-chosen counts and epochs), and a wait is never negative.
#include <fuzzer/FuzzedDataProvider.h>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "client/rate_limiter.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

template <class Int>
std::optional<Int> header_value(FuzzedDataProvider& input) {
  if (!input.ConsumeBool()) return std::nullopt;
  const std::string text = input.ConsumeRandomLengthString(24);
  Int value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

enum class Step { Headers, Acquire, Finished, ClockAdvance, kMaxValue = ClockAdvance };

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  ca::api::RateLimiter limiter(input.ConsumeIntegralInRange<int>(0, 100));
  ca::SteadyTime now{std::chrono::hours(1)};
  ca::WallTime wall_now{std::chrono::seconds(1'700'000'000)};
  for (int steps = 0; steps < 64 && input.remaining_bytes() > 0; ++steps) {
    switch (input.ConsumeEnum<Step>()) {
      case Step::Headers: {
        const auto limit = header_value<long>(input);
        const auto remaining = header_value<long>(input);
        // Any value at all: the limiter itself ignores what is malformed (a negative count, a reset before 1970
        // or after 5000), whatever bounds its caller adds (the client also drops resets beyond
        // max_rate_limit_wait).
        limiter.update(limit, remaining, header_value<std::int64_t>(input));
        break;
      }
      case Step::Acquire:
        CA_FUZZ_CHECK(limiter.try_acquire(now, wall_now).count() >= 0, "a slot wait is never negative");
        break;
      case Step::Finished:
        limiter.finished();
        break;
      case Step::ClockAdvance: {
        const ca::Millis step(input.ConsumeIntegralInRange<std::int64_t>(0, 3'600'000));
        now += step;
        wall_now += step;
        break;
      }
    }
  }
  return 0;
}

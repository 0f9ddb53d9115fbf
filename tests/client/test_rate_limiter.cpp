#include <catch2/catch.hpp>

#include "client/client.hpp"
#include "client/rate_limiter.hpp"

using namespace ca::api;
using ca::Millis;

namespace {

std::int64_t epoch_seconds(ca::WallTime t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

TEST_CASE("with plenty of budget, requests go at once", "[client][rate]") {
  ca::FakeClock clock;
  RateLimiter limiter(5);
  CHECK(limiter.reserve(clock.now(), clock.wall_now()) == Millis(0));  // nothing known yet
  limiter.update(600, 500, epoch_seconds(clock.wall_now()) + 60);
  for (int i = 0; i < 10; ++i) CHECK(limiter.reserve(clock.now(), clock.wall_now()) == Millis(0));
  CHECK(limiter.snapshot().remaining == 490);
}

TEST_CASE("near zero, what remains is spread over the time to the reset", "[client][rate]") {
  ca::FakeClock clock;
  RateLimiter limiter(5);
  limiter.update(100, 4, epoch_seconds(clock.wall_now()) + 40);
  // 4 left over 40 s: one now, then every 10 s.
  CHECK(limiter.reserve(clock.now(), clock.wall_now()) == Millis(0));
  CHECK(limiter.reserve(clock.now(), clock.wall_now()) == Millis(10'000));
  CHECK(limiter.reserve(clock.now(), clock.wall_now()) == Millis(10'000 + 40'000 / 3));
}

TEST_CASE("at zero, requests wait for the reset and queue behind each other", "[client][rate]") {
  ca::FakeClock clock;
  RateLimiter limiter(0);
  limiter.update(3, 0, epoch_seconds(clock.wall_now()) + 30);
  CHECK(limiter.reserve(clock.now(), clock.wall_now()) == Millis(30'000));
  CHECK(limiter.reserve(clock.now(), clock.wall_now()) >= Millis(30'000));
  clock.advance(Millis(31'000));
  CHECK(limiter.reserve(clock.now(), clock.wall_now()) == Millis(0));  // the new window
}

TEST_CASE("a stale higher Remaining from an in-flight response does not raise the budget", "[client][rate]") {
  ca::FakeClock clock;
  RateLimiter limiter(0);
  const auto reset = epoch_seconds(clock.wall_now()) + 60;
  limiter.update(10, 3, reset);
  for (int i = 0; i < 3; ++i) limiter.reserve(clock.now(), clock.wall_now());
  limiter.update(10, 2, reset);  // the first of the three answered
  CHECK(limiter.snapshot().remaining == 0);
  limiter.update(10, 9, reset + 60);  // a new window
  CHECK(limiter.snapshot().remaining == 9);
}

TEST_CASE("clients with the same key and origin share one budget", "[client][rate]") {
  auto a = RateLimiter::for_key("key-1", "http://127.0.0.1:1", 5);
  auto b = RateLimiter::for_key("key-1", "http://127.0.0.1:1", 5);
  auto c = RateLimiter::for_key("key-2", "http://127.0.0.1:1", 5);
  CHECK(a == b);
  CHECK(a != c);
}

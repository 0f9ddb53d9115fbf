#include <catch2/catch.hpp>

#include <limits>

#include "client/client.hpp"
#include "client/rate_limiter.hpp"
#include "sandbox/utc_time.hpp"

using namespace ca::api;
using ca::Millis;
using ca::sandbox::epoch_seconds;

TEST_CASE("with plenty of budget, requests go at once", "[client][rate]") {
  ca::FakeClock clock;
  RateLimiter limiter(5);
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));  // nothing known yet
  limiter.update(600, 500, epoch_seconds(clock.wall_now()) + 60);
  for (int i = 0; i < 10; ++i) CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  CHECK(limiter.snapshot().remaining == 490);
}

TEST_CASE("near zero, what remains is spread over the time to the reset", "[client][rate]") {
  ca::FakeClock clock;
  RateLimiter limiter(5);
  limiter.update(100, 4, epoch_seconds(clock.wall_now()) + 40);
  // 4 left over 40 s: one now, the next 10 s later; asking early takes nothing.
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(10'000));
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(10'000));
  CHECK(limiter.snapshot().remaining == 3);
  clock.advance(Millis(10'000));
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  // 3 were left over the remaining 30 s: the next one 10 s later.
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(10'000));
}

TEST_CASE("at zero, requests wait for the reset and a second of grace", "[client][rate]") {
  ca::FakeClock clock;
  RateLimiter limiter(0);
  const auto reset = epoch_seconds(clock.wall_now()) + 30;
  limiter.update(3, 0, reset);
  // The reset is whole seconds and may be truncated: the server's window can end up to a second after it.
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(31'000));
  clock.advance(Millis(30'000));
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(1'000));
  clock.advance(Millis(1'000));
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));  // the new window's first request
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) > Millis(0));   // the others wait for its answer
  limiter.update(3, 2, reset + 30);
  limiter.finished();
  for (int i = 0; i < 2; ++i) CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) > Millis(0));
}

TEST_CASE("answers from requests in flight never raise the budget", "[client][rate]") {
  ca::FakeClock clock;
  RateLimiter limiter(0);
  const auto reset = epoch_seconds(clock.wall_now()) + 60;
  limiter.update(10, 3, reset);
  for (int i = 0; i < 3; ++i) REQUIRE(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  limiter.update(10, 2, reset);  // the first of the three answered, before the other two were counted
  limiter.finished();
  CHECK(limiter.snapshot().remaining == 0);
  // A new window, with one other request still in flight that the server may not have counted yet.
  limiter.update(10, 9, reset + 60);
  limiter.finished();
  CHECK(limiter.snapshot().remaining == 8);
}

TEST_CASE("after a rollover one request goes alone, and the answer leaves room for those still in flight",
          "[client][rate]") {
  // Found by the parallel fan-out under a tight limit: taking the new window as full let four requests go at the
  // named second, into a window the server had not closed yet (four 429s).
  ca::FakeClock clock;
  RateLimiter limiter(0);
  const auto reset = epoch_seconds(clock.wall_now()) + 10;
  limiter.update(4, 1, reset);
  REQUIRE(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));  // in flight across the reset
  clock.advance(Millis(11'000));
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));  // the probe of the new window
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) > Millis(0));
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) > Millis(0));
  // The probe's answer: 3 left, but the request from the old window may land in this one too.
  limiter.update(4, 3, reset + 10);
  limiter.finished();
  for (int i = 0; i < 2; ++i) CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) > Millis(0));
}

TEST_CASE("clients with the same key and origin share one budget", "[client][rate]") {
  auto a = RateLimiter::for_key("key-1", "http://127.0.0.1:1", 5);
  auto b = RateLimiter::for_key("key-1", "http://127.0.0.1:1", 5);
  auto c = RateLimiter::for_key("key-2", "http://127.0.0.1:1", 5);
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("a late answer from a window already over is ignored", "[client][rate]") {
  ca::FakeClock clock;
  RateLimiter limiter(0);
  const auto reset = epoch_seconds(clock.wall_now()) + 10;
  limiter.update(3, 3, reset);
  clock.advance(Millis(11'000));
  REQUIRE(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));  // the new window's probe
  limiter.update(3, 2, reset + 10);
  limiter.finished();
  for (int i = 0; i < 2; ++i) REQUIRE(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  limiter.update(3, 0, reset);  // from the old window: must not bring it back and roll over into a fresh budget
  CHECK(limiter.snapshot().remaining == 0);
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) > Millis(0));
}

TEST_CASE("negative counts and resets outside 1970-5000 are malformed and ignored", "[client][rate]") {
  // Found by the rate_limit_headers fuzz target: X-RateLimit-Limit or -Remaining of LONG_MIN overflowed the budget
  // arithmetic (tests/fuzz/corpus/rate_limit_headers/regress-*).
  ca::FakeClock clock;
  RateLimiter limiter(5);
  const long lowest = std::numeric_limits<long>::min();
  limiter.update(lowest, lowest, -1);
  CHECK_FALSE(limiter.snapshot().limit);
  CHECK_FALSE(limiter.snapshot().remaining);
  CHECK_FALSE(limiter.snapshot().reset_epoch_seconds);
  limiter.update(100, -5, 100'000'000'000);  // a reset in the year 5138
  CHECK(limiter.snapshot().limit == 100);
  CHECK_FALSE(limiter.snapshot().remaining);
  CHECK_FALSE(limiter.snapshot().reset_epoch_seconds);
  // With two requests in flight, a window new to us subtracts them from the server's count without overflowing.
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  limiter.update(100, lowest, epoch_seconds(clock.wall_now()) + 60);
  CHECK_FALSE(limiter.snapshot().remaining);
}

TEST_CASE("pacing toward a reset further away than the steady clock reaches waits until its end", "[client][rate]") {
  // Found by the rate_limit_headers fuzz target: next_slot = now + (time to reset) / remaining overflowed the steady
  // clock for a reset millennia ahead (reachable through a large --max-rate-limit-wait-ms).
  ca::FakeClock clock;
  RateLimiter limiter(5);
  limiter.update(100, 1, 94'000'000'000);  // one request left, the reset in the year 4948
  CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  const Millis wait = limiter.try_acquire(clock.now(), clock.wall_now());
  CHECK(wait == std::chrono::duration_cast<Millis>(ca::SteadyTime::max() - clock.now()));
}

#pragma once
// The rate budget for one API key in this process, shared by every concurrent caller. Each response's
// X-RateLimit-Limit/Remaining/Reset headers update it; each request takes a slot immediately before it is sent
// (taking it earlier and then waiting would let the window move under the reservation). While Remaining is
// above the pacing reserve, requests go at once. At or below it, they are spaced evenly over the time left to
// the reset (so the window is never burst into a 429). At zero, they wait for the reset.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.hpp"

namespace ca::api {

struct RateBudget;

class RateLimiter {
 public:
  explicit RateLimiter(int pacing_reserve);

  // The one limiter for (key, origin) in this process: Client instances with the same key share it.
  static std::shared_ptr<RateLimiter> for_key(const std::string& api_key, const std::string& origin,
                                              int pacing_reserve);

  // Takes a send slot and returns 0, or takes nothing and returns how long to wait before asking again.
  Millis try_acquire(SteadyTime now, WallTime wall_now);

  // Called once per acquired slot when its attempt is over (answered or failed).
  void finished();

  // Records a response's headers (any that are absent or malformed are ignored: a negative count, a reset before
  // 1970 or after the year 5000). Call before finished().
  void update(std::optional<long> limit, std::optional<long> remaining, std::optional<std::int64_t> reset_epoch);

  RateBudget snapshot() const;

 private:
  const int pacing_reserve_;
  mutable std::mutex mutex_;
  std::optional<long> limit_;
  std::optional<long> remaining_;  // the server's last word, minus the slots reserved since
  std::optional<std::int64_t> reset_epoch_;
  std::int64_t passed_reset_ = 0;  // the reset of the last window we moved past: answers from it are stale
  long in_flight_ = 0;  // slots taken whose attempts have not finished: they may land in the next window
  SteadyTime next_slot_{};  // while pacing: the earliest time the next request may go
};

}  // namespace ca::api

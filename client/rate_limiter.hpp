#pragma once
// The rate budget for one API key in this process, shared by every concurrent caller. Each response's
// X-RateLimit-Limit/Remaining/Reset headers update it; each request reserves a slot before it is sent. While
// Remaining is above the pacing reserve, requests go at once. At or below it, they are spaced evenly over the
// time left to the reset (so the window is never burst into a 429). At zero, they wait for the reset.
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

  // Reserves the next send slot and returns how long to wait before sending (0 when no wait is needed).
  Millis reserve(SteadyTime now, WallTime wall_now);

  // Records a response's headers (any that are absent or malformed are ignored).
  void update(std::optional<long> limit, std::optional<long> remaining, std::optional<std::int64_t> reset_epoch);

  RateBudget snapshot() const;

 private:
  const int pacing_reserve_;
  mutable std::mutex mutex_;
  std::optional<long> limit_;
  std::optional<long> remaining_;  // the server's last word, minus the slots reserved since
  std::optional<std::int64_t> reset_epoch_;
  SteadyTime next_slot_{};  // earliest time the next paced request may go
};

}  // namespace ca::api

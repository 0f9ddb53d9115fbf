#include "sandbox/rate_limiter.hpp"

#include <algorithm>

namespace ca::sandbox {

void RateLimiter::configure(int limit, int window_seconds) {
  std::lock_guard lock(mutex_);
  limit_ = std::max(0, limit);
  window_ = std::max(1, window_seconds);
  usage_.clear();
}

RateDecision RateLimiter::consume(const std::string& key, WallTime now) {
  std::lock_guard lock(mutex_);
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::int64_t window_ms = std::int64_t{window_} * 1000;
  const std::int64_t start = now_ms / window_ms * window_ms;
  Usage& u = usage_[key];
  if (u.window_start != start) u = {start, 0};
  ++u.count;
  RateDecision d;
  d.limit = limit_;
  d.allowed = u.count <= limit_;
  d.remaining = std::max(0, limit_ - u.count);
  d.reset_epoch = (start + window_ms) / 1000;
  d.retry_after = std::max<std::int64_t>(1, (start + window_ms - now_ms + 999) / 1000);
  return d;
}

}  // namespace ca::sandbox

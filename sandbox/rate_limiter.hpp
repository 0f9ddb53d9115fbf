#pragma once
// Fixed-window rate limiting per API key (reference S8), timed by the injected clock. Windows are aligned to
// multiples of the window length in epoch seconds, so X-RateLimit-Reset is the same for every key.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "common/clock.hpp"

namespace ca::sandbox {

struct RateDecision {
  bool allowed = true;
  int limit = 0, remaining = 0;
  std::int64_t reset_epoch = 0;   // when the current window ends
  std::int64_t retry_after = 0;   // whole seconds until then (at least 1)
};

class RateLimiter {
 public:
  RateLimiter(int limit, int window_seconds) : limit_(limit), window_(window_seconds) {}
  void configure(int limit, int window_seconds);
  RateDecision consume(const std::string& key, WallTime now);  // every call counts, allowed or not

 private:
  struct Usage {
    std::int64_t window_start = 0;
    int count = 0;
  };
  std::mutex mutex_;
  int limit_, window_;
  std::map<std::string, Usage> usage_;
};

}  // namespace ca::sandbox

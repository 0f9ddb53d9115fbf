#pragma once
// The fault switches tests and flags turn on. Each switch may be narrowed to a path prefix; counted switches are
// consumed one per matching request. Thread-safe: handlers consult it concurrently.
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "sandbox/determinism.hpp"
#include "sandbox/sandbox.hpp"

namespace ca::sandbox {

class FaultPlan {
 public:
  explicit FaultPlan(std::uint64_t seed) : rng_(mix64(seed ^ 0xfa017)) {}

  void set_retry_after_mode(RetryAfterMode mode);
  RetryAfterMode retry_after_mode() const;
  void script_statuses(std::vector<int> statuses, std::string prefix);
  void set_failure_probability(double p);
  void set_latency(Millis latency);
  void drop_connections(DropMode mode, int count, std::string prefix);
  void corrupt_bodies(BodyFault fault, int count, std::string prefix);
  void reset();

  Millis latency() const;
  int next_scripted_status(const std::string& path);  // 0 = serve normally
  bool roll_failure();
  bool take_drop(DropMode mode, const std::string& path);
  std::optional<BodyFault> take_corruption(const std::string& path);

 private:
  struct Counted {
    int count = 0;
    std::string prefix;
  };
  static bool matches(const std::string& prefix, const std::string& path) { return path.rfind(prefix, 0) == 0; }
  static bool take(Counted& c, const std::string& path);

  mutable std::mutex mutex_;
  Rng rng_;
  RetryAfterMode retry_after_ = RetryAfterMode::Seconds;
  std::deque<int> scripted_;
  std::string scripted_prefix_;
  double failure_probability_ = 0;
  Millis latency_{0};
  Counted drop_before_, drop_after_, corrupt_;
  BodyFault corruption_ = BodyFault::Truncated;
};

}  // namespace ca::sandbox

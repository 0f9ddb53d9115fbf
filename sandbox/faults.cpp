#include "sandbox/faults.hpp"

namespace ca::sandbox {

void FaultPlan::set_retry_after_mode(RetryAfterMode mode) {
  std::lock_guard lock(mutex_);
  retry_after_ = mode;
}

RetryAfterMode FaultPlan::retry_after_mode() const {
  std::lock_guard lock(mutex_);
  return retry_after_;
}

void FaultPlan::script_statuses(std::vector<int> statuses, std::string prefix) {
  std::lock_guard lock(mutex_);
  scripted_.assign(statuses.begin(), statuses.end());
  scripted_prefix_ = std::move(prefix);
}

void FaultPlan::set_failure_probability(double p) {
  std::lock_guard lock(mutex_);
  failure_probability_ = p;
}

void FaultPlan::set_latency(Millis latency) {
  std::lock_guard lock(mutex_);
  latency_ = latency;
}

void FaultPlan::drop_connections(DropMode mode, int count, std::string prefix) {
  std::lock_guard lock(mutex_);
  (mode == DropMode::BeforeResponse ? drop_before_ : drop_after_) = {count, std::move(prefix)};
}

void FaultPlan::corrupt_bodies(BodyFault fault, int count, std::string prefix) {
  std::lock_guard lock(mutex_);
  corruption_ = fault;
  corrupt_ = {count, std::move(prefix)};
}

void FaultPlan::reset() {
  std::lock_guard lock(mutex_);
  retry_after_ = RetryAfterMode::Seconds;
  scripted_.clear();
  scripted_prefix_.clear();
  failure_probability_ = 0;
  latency_ = Millis{0};
  drop_before_ = drop_after_ = corrupt_ = {};
}

Millis FaultPlan::latency() const {
  std::lock_guard lock(mutex_);
  return latency_;
}

int FaultPlan::next_scripted_status(const std::string& path) {
  std::lock_guard lock(mutex_);
  if (scripted_.empty() || !matches(scripted_prefix_, path)) return 0;
  const int status = scripted_.front();
  scripted_.pop_front();
  return status;
}

bool FaultPlan::roll_failure() {
  std::lock_guard lock(mutex_);
  return failure_probability_ > 0 && rng_.chance(failure_probability_);
}

bool FaultPlan::take(Counted& c, const std::string& path) {
  if (c.count <= 0 || !matches(c.prefix, path)) return false;
  --c.count;
  return true;
}

bool FaultPlan::take_drop(DropMode mode, const std::string& path) {
  std::lock_guard lock(mutex_);
  return take(mode == DropMode::BeforeResponse ? drop_before_ : drop_after_, path);
}

std::optional<BodyFault> FaultPlan::take_corruption(const std::string& path) {
  std::lock_guard lock(mutex_);
  if (!take(corrupt_, path)) return std::nullopt;
  return corruption_;
}

}  // namespace ca::sandbox

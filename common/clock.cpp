#include "common/clock.hpp"

namespace ca {
namespace {

class SystemClock final : public Clock {
 public:
  SteadyTime now() const override { return std::chrono::steady_clock::now(); }
  WallTime wall_now() const override { return std::chrono::system_clock::now(); }
  bool sleep_for(Millis d, const CancellationToken& cancel) override { return !cancel.wait_for(d); }
};

}  // namespace

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

// Start the fake wall clock at a fixed, realistic instant so HTTP-date and epoch arithmetic is reproducible.
FakeClock::FakeClock()
    : steady_(SteadyTime{} + std::chrono::hours(1)), wall_(WallTime{} + std::chrono::seconds(1'800'000'000)) {}

SteadyTime FakeClock::now() const {
  std::lock_guard lock(mutex_);
  return steady_;
}

WallTime FakeClock::wall_now() const {
  std::lock_guard lock(mutex_);
  return wall_;
}

bool FakeClock::sleep_for(Millis d, const CancellationToken& cancel) {
  if (cancel.cancelled()) return false;
  std::lock_guard lock(mutex_);
  sleeps_.push_back(d);
  steady_ += d;
  wall_ += d;
  return true;
}

void FakeClock::advance(Millis d) {
  std::lock_guard lock(mutex_);
  steady_ += d;
  wall_ += d;
}

std::vector<Millis> FakeClock::sleeps() const {
  std::lock_guard lock(mutex_);
  return sleeps_;
}

Millis FakeClock::total_slept() const {
  std::lock_guard lock(mutex_);
  Millis total{0};
  for (auto s : sleeps_) total += s;
  return total;
}

}  // namespace ca

#pragma once
// Time as a dependency: production code asks a Clock for "now" and sleeps through it, so tests can inject a
// FakeClock and assert on waits (Retry-After, back-off, pacing, polling) without sleeping.
#include <chrono>
#include <mutex>
#include <vector>

#include "common/cancellation.hpp"

namespace ca {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;
using Millis = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SteadyTime now() const = 0;
  virtual WallTime wall_now() const = 0;
  // Sleeps for `d` unless `cancel` fires first. Returns false when cancelled.
  virtual bool sleep_for(Millis d, const CancellationToken& cancel) = 0;
};

// The process-wide real clock.
Clock& system_clock();

// A clock that only moves when told to, or when someone sleeps on it (the sleep returns at once and advances
// both steady and wall time). Every sleep is recorded so tests can assert what was waited for.
class FakeClock final : public Clock {
 public:
  FakeClock();
  SteadyTime now() const override;
  WallTime wall_now() const override;
  bool sleep_for(Millis d, const CancellationToken& cancel) override;

  void advance(Millis d);
  std::vector<Millis> sleeps() const;
  Millis total_slept() const;

 private:
  mutable std::mutex mutex_;
  SteadyTime steady_;
  WallTime wall_;
  std::vector<Millis> sleeps_;
};

}  // namespace ca

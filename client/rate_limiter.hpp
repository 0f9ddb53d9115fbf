#pragma once
// The rate budget for one API key in this process, shared by every concurrent caller. Each response's
// X-RateLimit-Limit/Remaining/Reset headers update it; each request takes a slot immediately before it is sent
// (taking it earlier and then waiting would let the window move under the reservation). While Remaining is
// above the pacing reserve, requests go at once. At or below it, they are spaced evenly over the time left to
// the reset (so the window is never burst into a 429). At zero, they wait for the reset.
// With a shared store (host file or Redis, client/rate_store.hpp) the same rules run on the store's state, which
// every process using the key reads and tightens; while the store fails, this process paces alone on its own view
// (kept up to date all along) and asks the store again once per retry interval.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "client/rate_store.hpp"
#include "common/clock.hpp"

namespace ca::api {

struct RateBudget;

// X-RateLimit-Reset is whole seconds, and a server may truncate it (the sandbox does): its window can end up to a
// second after the second it names. A window is taken as over only this long after that second, so that a request
// sent at the named second does not land in the old window as a 429.
inline constexpr std::int64_t kResetGraceMs = 1000;

// When the window that X-RateLimit-Reset `reset_epoch` names is surely over, in epoch ms.
inline std::int64_t window_end_ms(std::int64_t reset_epoch) { return reset_epoch * 1000 + kResetGraceMs; }

// How the limiter has used its shared store: counts for tests, `doctor` and the benchmark.
struct RateStoreStats {
  long shared_slots = 0;   // slots taken through the store
  long local_slots = 0;    // slots taken on this process's own view (local store, or while the store failed)
  long outages = 0;        // times the store started failing (one warning each)
  long recoveries = 0;     // times it answered again after an outage (one info line each)
};

class RateLimiter {
 public:
  // Without a store (or with `local`) the budget is this process's alone.
  explicit RateLimiter(int pacing_reserve, std::unique_ptr<RateStore> store = nullptr,
                       Millis store_retry_interval = RateStoreSettings{}.retry_interval);

  // The one limiter for (key, origin) in this process: Client instances with the same key share it. The first
  // caller's store settings win.
  static std::shared_ptr<RateLimiter> for_key(const std::string& api_key, const std::string& origin,
                                              int pacing_reserve,
                                              const RateStoreSettings& store = RateStoreSettings::local());

  // Takes a send slot and returns 0, or takes nothing and returns how long to wait before asking again.
  Millis try_acquire(SteadyTime now, WallTime wall_now);

  // Called once per acquired slot when its attempt is over (answered or failed).
  void finished();

  // Records a response's headers (any that are absent or malformed are ignored: a negative count, a reset before
  // 1970 or after the year 5000). Call before finished().
  void update(std::optional<long> limit, std::optional<long> remaining, std::optional<std::int64_t> reset_epoch);

  // A Retry-After: no request goes before `until`, from this process or (through the store) any other.
  void retry_after(WallTime until);

  RateBudget snapshot() const;
  RateStoreStats store_stats() const;

 private:
  Millis try_acquire_locally(SteadyTime now, std::int64_t wall_ms);
  // Runs one store operation; on failure starts (or continues) an outage. Whether it answered.
  bool store_answered(const StoreAnswer& answer, std::int64_t wall_ms);
  bool store_usable(std::int64_t wall_ms) const { return store_ && wall_ms >= store_retry_at_ms_; }

  const int pacing_reserve_;
  const std::unique_ptr<RateStore> store_;
  const Millis store_retry_interval_;
  std::int64_t store_retry_at_ms_ = 0;  // while the store is failing: when to ask it again
  bool store_down_ = false;
  // The wall time of the last acquire (the injected clock's): update() and retry_after() follow an acquire and
  // date what they tell the store with it.
  std::int64_t last_wall_ms_ = 0;
  RateStoreStats stats_;
  mutable std::mutex mutex_;
  std::optional<long> limit_;
  std::optional<long> remaining_;  // the server's last word, minus the slots reserved since
  std::optional<std::int64_t> reset_epoch_;
  std::int64_t passed_reset_ = 0;  // the reset of the last window we moved past: answers from it are stale
  long in_flight_ = 0;  // slots taken whose attempts have not finished: they may land in the next window
  SteadyTime next_slot_{};  // while pacing: the earliest time the next request may go
  std::int64_t blocked_until_ms_ = 0;  // a Retry-After seen here: nothing goes before it
};

}  // namespace ca::api

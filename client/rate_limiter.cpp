#include "client/rate_limiter.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "client/client.hpp"

namespace ca::api {
namespace {

std::int64_t epoch_millis(WallTime t) {
  return std::chrono::duration_cast<Millis>(t.time_since_epoch()).count();
}

// How long to wait for an answer in flight when the budget is spent and its reset is not known.
constexpr Millis kAwaitAnswer{50};

// The latest X-RateLimit-Reset taken as a time (the year 5000): the millisecond arithmetic on it stays far inside
// 64 bits. A later one (or a negative one) is malformed, like a count below zero.
constexpr std::int64_t kLatestResetEpoch = 95'000'000'000;

// now + d, or the steady clock's last instant when that is beyond what it can hold (a reset years away, paced).
SteadyTime saturating_add(SteadyTime now, Millis d) {
  if (d >= std::chrono::duration_cast<Millis>(SteadyTime::max() - now)) return SteadyTime::max();
  return now + d;
}

}  // namespace

RateLimiter::RateLimiter(int pacing_reserve, std::unique_ptr<RateStore> store, Millis store_retry_interval)
    : pacing_reserve_(pacing_reserve), store_(std::move(store)), store_retry_interval_(store_retry_interval) {}

std::shared_ptr<RateLimiter> RateLimiter::for_key(const std::string& api_key, const std::string& origin,
                                                  int pacing_reserve, const RateStoreSettings& store) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<RateLimiter>> registry;
  std::lock_guard lock(registry_mutex);
  std::erase_if(registry, [](const auto& entry) { return entry.second.expired(); });
  // Keyed by the budget's digest so that the key itself is not kept in one more place.
  auto& slot = registry[rate_budget_name(api_key, origin)];
  if (auto existing = slot.lock()) return existing;
  auto created =
      std::make_shared<RateLimiter>(pacing_reserve, make_rate_store(store, api_key, origin), store.retry_interval);
  slot = created;
  return created;
}

bool RateLimiter::store_answered(const StoreAnswer& answer, std::int64_t wall_ms) {
  if (answer.ok) {
    if (store_down_) {
      store_down_ = false;
      ++stats_.recoveries;
      spdlog::info("rate store {} answers again: the rate budget is shared again", store_->describe());
    }
    return true;
  }
  if (!store_down_) {
    store_down_ = true;
    ++stats_.outages;
    spdlog::warn("rate store {} failed ({}); pacing this process alone, asking it again every {} ms",
                 store_->describe(), answer.error, store_retry_interval_.count());
  } else {
    spdlog::debug("rate store {} still failing ({})", store_->describe(), answer.error);
  }
  store_retry_at_ms_ = wall_ms + store_retry_interval_.count();
  return false;
}

Millis RateLimiter::try_acquire(SteadyTime now, WallTime wall_now) {
  std::lock_guard lock(mutex_);
  const std::int64_t wall_ms = epoch_millis(wall_now);
  last_wall_ms_ = wall_ms;
  if (store_usable(wall_ms)) {
    const StoreAnswer answer = store_->acquire(wall_ms, pacing_reserve_);
    if (store_answered(answer, wall_ms)) {
      if (answer.wait_ms > 0) return Millis(answer.wait_ms);
      // The slot is the store's; this process's own view follows along for the time the store may fail.
      ++stats_.shared_slots;
      if (remaining_ && *remaining_ > 0) --*remaining_;
      ++in_flight_;
      return Millis(0);
    }
  }
  return try_acquire_locally(now, wall_ms);
}

Millis RateLimiter::try_acquire_locally(SteadyTime now, std::int64_t wall_ms) {
  if (reset_epoch_ && wall_ms >= window_end_ms(*reset_epoch_)) {
    // The window we knew about is over, and what the new one allows is not known yet (the server's clock and ours
    // may disagree about when it began): one request goes and its answer tells the rest, so that parallel requests
    // never burst into a window the server has not opened. With no limit known, nothing holds them.
    if (limit_) remaining_ = std::min(1L, *limit_ - in_flight_);
    else remaining_.reset();
    passed_reset_ = *reset_epoch_;
    reset_epoch_.reset();
  }
  if (wall_ms < blocked_until_ms_) return Millis(blocked_until_ms_ - wall_ms);
  if (now < next_slot_) return std::chrono::duration_cast<Millis>(next_slot_ - now);
  if (remaining_ && *remaining_ <= 0) {
    if (reset_epoch_) return Millis(window_end_ms(*reset_epoch_) - wall_ms);
    // Spent, with the reset unknown: an answer in flight will tell it; with none in flight, try and see.
    if (in_flight_ > 0) return kAwaitAnswer;
  }
  if (remaining_ && reset_epoch_ && *remaining_ <= pacing_reserve_) {
    // Near the end of the budget, spread what is left evenly over the time to the reset.
    next_slot_ = saturating_add(now, Millis(*reset_epoch_ * 1000 - wall_ms) / *remaining_);
  }
  if (remaining_) --*remaining_;
  ++in_flight_;
  ++stats_.local_slots;
  return Millis(0);
}

void RateLimiter::finished() {
  std::lock_guard lock(mutex_);
  if (in_flight_ > 0) --in_flight_;
}

void RateLimiter::update(std::optional<long> limit, std::optional<long> remaining,
                         std::optional<std::int64_t> reset_epoch) {
  // A count below zero or a reset outside [1970, 5000] is malformed: ignored, as an absent header is. (Counts such as
  // LONG_MIN would otherwise overflow the budget arithmetic.) Read into plain values once: -1 stands for "none".
  const long new_limit = std::max(-1L, limit.value_or(-1));
  const long new_remaining = std::max(-1L, remaining.value_or(-1));
  std::int64_t new_reset = reset_epoch.value_or(-1);
  if (new_reset > kLatestResetEpoch) new_reset = -1;
  std::lock_guard lock(mutex_);
  // A response without rate-limit headers tells the store nothing: no lock, no round trip to Redis for it.
  const bool observed = new_limit >= 0 || new_remaining >= 0 || new_reset >= 0;
  if (store_ && observed) {
    const std::int64_t wall_ms = last_wall_ms_;
    if (store_usable(wall_ms)) {
      const RateObservation seen{new_limit, new_remaining, new_reset >= 0 ? window_end_ms(new_reset) : -1, -1};
      store_answered(store_->reconcile(seen, wall_ms), wall_ms);
    }
  }
  if (new_limit >= 0) limit_ = new_limit;
  // A late answer from a window already over must not bring that window (and a second rollover) back.
  if (new_reset >= 0 && new_reset <= passed_reset_) return;
  if (new_remaining >= 0) {
    // Within one window, keep the lower count: slots reserved by requests still in flight are not yet in the
    // server's number, and another process using the key may have spent more than we know.
    // In a window new to us, the other requests in flight may not be in the server's count yet either.
    const bool same_window = new_reset >= 0 && reset_epoch_ && new_reset == *reset_epoch_;
    remaining_ = (same_window && remaining_) ? std::min(*remaining_, new_remaining)
                                             : std::max(0L, new_remaining - std::max(0L, in_flight_ - 1));
  }
  if (new_reset >= 0) reset_epoch_ = new_reset;
}

void RateLimiter::retry_after(WallTime until) {
  const std::int64_t until_ms = epoch_millis(until);
  std::lock_guard lock(mutex_);
  blocked_until_ms_ = std::max(blocked_until_ms_, until_ms);
  if (!store_) return;
  const std::int64_t wall_ms = last_wall_ms_;
  if (store_usable(wall_ms)) store_answered(store_->reconcile(RateObservation{-1, -1, -1, until_ms}, wall_ms), wall_ms);
}

RateStoreStats RateLimiter::store_stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

RateBudget RateLimiter::snapshot() const {
  std::lock_guard lock(mutex_);
  return RateBudget{limit_, remaining_, reset_epoch_};
}

}  // namespace ca::api

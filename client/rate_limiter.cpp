#include "client/rate_limiter.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <map>

#include "client/client.hpp"

namespace ca::api {
namespace {

std::int64_t epoch_millis(WallTime t) {
  return std::chrono::duration_cast<Millis>(t.time_since_epoch()).count();
}

// The registry is keyed by a digest so that the key itself is not kept in one more place.
std::string registry_key(const std::string& api_key, const std::string& origin) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(api_key.data(), api_key.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), length) + "|" + origin;
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

RateLimiter::RateLimiter(int pacing_reserve) : pacing_reserve_(pacing_reserve) {}

std::shared_ptr<RateLimiter> RateLimiter::for_key(const std::string& api_key, const std::string& origin,
                                                  int pacing_reserve) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<RateLimiter>> registry;
  std::lock_guard lock(registry_mutex);
  std::erase_if(registry, [](const auto& entry) { return entry.second.expired(); });
  auto& slot = registry[registry_key(api_key, origin)];
  if (auto existing = slot.lock()) return existing;
  auto created = std::make_shared<RateLimiter>(pacing_reserve);
  slot = created;
  return created;
}

Millis RateLimiter::try_acquire(SteadyTime now, WallTime wall_now) {
  std::lock_guard lock(mutex_);
  const std::int64_t wall_ms = epoch_millis(wall_now);
  if (reset_epoch_ && wall_ms >= *reset_epoch_ * 1000) {
    // The window we knew about is over. Until a response says otherwise, assume a new one, less the requests
    // still in flight: the server may count those in it.
    if (limit_) remaining_ = *limit_ - in_flight_;
    else remaining_.reset();
    passed_reset_ = *reset_epoch_;
    reset_epoch_.reset();
  }
  if (now < next_slot_) return std::chrono::duration_cast<Millis>(next_slot_ - now);
  if (remaining_ && *remaining_ <= 0) {
    if (reset_epoch_) return Millis(*reset_epoch_ * 1000 - wall_ms);
    // Spent, with the reset unknown: an answer in flight will tell it; with none in flight, try and see.
    if (in_flight_ > 0) return kAwaitAnswer;
  }
  if (remaining_ && reset_epoch_ && *remaining_ <= pacing_reserve_) {
    // Near the end of the budget, spread what is left evenly over the time to the reset.
    next_slot_ = saturating_add(now, Millis(*reset_epoch_ * 1000 - wall_ms) / *remaining_);
  }
  if (remaining_) --*remaining_;
  ++in_flight_;
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

RateBudget RateLimiter::snapshot() const {
  std::lock_guard lock(mutex_);
  return RateBudget{limit_, remaining_, reset_epoch_};
}

}  // namespace ca::api

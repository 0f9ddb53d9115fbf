#pragma once
// Where the rate budget of one API key lives when several processes (on one host, or on many) use that key: a
// store holds one SharedRateState per (key, API origin) and applies acquire/reconcile to it atomically. The
// RateLimiter asks its store for every send slot and falls back to pacing this process alone while the store fails.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.hpp"

namespace ca::api {

// Chosen by --rate-store / CREATORAUDIT_RATE_STORE ("local", "host" or "redis://HOST:PORT[/DB]") and bounded by
// the two settings after it (docs/scaling.md).
struct RateStoreSettings {
  std::string spec = "host";
  Millis timeout{250};          // a Redis connect or read, or the wait for the host file's lock
  Millis retry_interval{5'000};  // after a failure the store is not asked again for this long (local pacing)
  std::string host_dir;         // the host file's directory; "" = $XDG_RUNTIME_DIR, else /tmp

  static RateStoreSettings local() {
    RateStoreSettings settings;
    settings.spec = "local";
    return settings;
  }
};

struct RedisAddress {
  std::string host;
  int port = 6379;
  int db = 0;
};
// "redis://HOST:PORT[/DB]" (HOST a name, an IPv4 address or [IPv6]); nullopt for anything else.
std::optional<RedisAddress> parse_redis_spec(const std::string& spec);
// Whether `spec` names a store: "local", "host" or a valid redis:// address.
bool valid_rate_store_spec(const std::string& spec);

// The shared view of one key's budget. Times are wall-clock epoch milliseconds (processes on other hosts share no
// steady clock); -1 means unknown.
struct SharedRateState {
  std::int64_t limit = -1;
  std::int64_t remaining = -1;     // the server's last word, less the slots taken since
  std::int64_t reset_ms = -1;      // when the current window ends
  std::int64_t passed_reset_ms = -1;  // the reset of the last window moved past: answers from it are stale
  std::int64_t next_slot_ms = 0;   // while pacing: the earliest time the next request may go
  std::int64_t blocked_until_ms = 0;  // a Retry-After seen by any process: nobody sends before it
};

// What one response said; -1 for a header that was absent or malformed.
struct RateObservation {
  std::int64_t limit = -1;
  std::int64_t remaining = -1;
  std::int64_t reset_ms = -1;
  std::int64_t retry_until_ms = -1;
};

// The budget rules on the shared state (the Redis store runs the same rules as a Lua script).
// Takes a slot and returns 0, or takes nothing and returns how many ms to wait before asking again.
std::int64_t acquire_shared_slot(SharedRateState& state, std::int64_t now_ms, int pacing_reserve);
// Tightens the shared view with what a response said; it never raises the count within one window.
void reconcile_shared(SharedRateState& state, const RateObservation& seen);
// Whether a state read from a store can be believed: counts and times within bounds (a store written by another
// program, a stale version or a torn write is replaced by an empty state, which the next response refills).
bool plausible(const SharedRateState& state, std::int64_t now_ms);

// The name of a key's budget in every store: a digest of key and origin, never the key itself (32 hex digits).
std::string rate_budget_name(const std::string& api_key, const std::string& origin);

struct StoreAnswer {
  bool ok = false;
  std::int64_t wait_ms = 0;  // acquire: 0 = slot taken
  std::string error;         // when !ok: why, for the one warning
};

class RateStore {
 public:
  virtual ~RateStore() = default;
  virtual StoreAnswer acquire(std::int64_t now_ms, int pacing_reserve) = 0;
  virtual StoreAnswer reconcile(const RateObservation& seen, std::int64_t now_ms) = 0;
  // For logs: which store, never the key.
  virtual std::string describe() const = 0;
};

// The store named by settings.spec for this key and origin; nullptr for "local".
std::unique_ptr<RateStore> make_rate_store(const RateStoreSettings& settings, const std::string& api_key,
                                           const std::string& origin);
std::unique_ptr<RateStore> make_host_rate_store(const std::string& path, Millis lock_timeout);
std::unique_ptr<RateStore> make_redis_rate_store(const RedisAddress& address, const std::string& budget_name,
                                                 Millis timeout);
// The host store's file for a budget name: in settings.host_dir, else $XDG_RUNTIME_DIR, else /tmp.
std::string host_rate_store_path(const RateStoreSettings& settings, const std::string& budget_name);

}  // namespace ca::api

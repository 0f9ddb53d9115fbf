#pragma once
// Idempotency-Key handling for the create endpoints (reference S3): per API key, a 10-minute window by the
// injected clock. The same key with the same request replays the stored reply; with a different request it is a
// 422. Entries older than the window are purged on each use, which bounds the store.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "common/clock.hpp"
#include "sandbox/routes.hpp"

namespace ca::sandbox {

constexpr std::size_t kMaxIdempotencyKeyLength = 255;
constexpr std::chrono::minutes kIdempotencyWindow{10};

class IdempotencyStore {
 public:
  // The fingerprint identifies the request (method, path and body as parsed JSON, so key order does not matter).
  static std::string fingerprint(const std::string& method, const std::string& path, const std::string& raw_body);

  enum class Lookup { Fresh, Replay, Conflict };
  // Holds the store's lock until the returned guard dies, so concurrent retries of one key run one at a time.
  std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }
  std::pair<Lookup, std::optional<Reply>> find(const std::string& scope, const std::string& fingerprint, WallTime now);
  void remember(const std::string& scope, const std::string& fingerprint, const Reply& reply, WallTime now);

 private:
  struct Entry {
    std::string fingerprint;
    Reply reply;
    WallTime at;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // scope = api key + "\n" + idempotency key
};

}  // namespace ca::sandbox

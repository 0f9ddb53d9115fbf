#pragma once
// Every bound the client keeps is a named setting here, with its default, its flag and its environment
// variable (docs/client.md lists them all). The key comes only from the environment or a file.
#include <cstddef>
#include <optional>
#include <string>

#include "client/error.hpp"
#include "client/rate_store.hpp"
#include "common/clock.hpp"

namespace CLI {
class App;
}

namespace ca::api {

// Whether requests carry "Accept-Encoding: gzip". Compression saves transfer time over a real network and costs
// CPU to inflate; on loopback (the sandbox, a local proxy) there is no transfer time to save.
enum class GzipPolicy { Auto, Always, Never };  // Auto: gzip unless the base URL's host is loopback
const char* to_string(GzipPolicy policy);
std::optional<GzipPolicy> parse_gzip_policy(const std::string& text);  // "auto" | "always" | "never"

struct ClientConfig {
  std::string base_url = "https://api.creatoraudit.com/v2";  // CREATORAUDIT_BASE_URL
  std::string api_key;  // CREATORAUDIT_API_KEY or the file named by CREATORAUDIT_API_KEY_FILE; never argv
  // Where api_key came from, for diagnostics that must name it without showing it ("" when there is no key).
  std::string api_key_source;

  Millis connect_timeout{5'000};        // --connect-timeout-ms   CREATORAUDIT_CONNECT_TIMEOUT_MS (DNS+TCP+TLS)
  Millis read_timeout{30'000};          // --read-timeout-ms      CREATORAUDIT_READ_TIMEOUT_MS: no byte for this long
  Millis attempt_timeout{60'000};       // --attempt-timeout-ms   CREATORAUDIT_ATTEMPT_TIMEOUT_MS: one whole attempt
  int max_attempts = 4;                 // --max-attempts         CREATORAUDIT_MAX_ATTEMPTS (per request)
  Millis backoff_initial{500};          // --backoff-initial-ms   CREATORAUDIT_BACKOFF_INITIAL_MS
  Millis backoff_max{30'000};           // --backoff-max-ms       CREATORAUDIT_BACKOFF_MAX_MS
  int pacing_reserve = 5;               // --pacing-reserve       CREATORAUDIT_PACING_RESERVE: start pacing at this Remaining
  std::size_t etag_cache_bytes = 8u << 20;      // --etag-cache-bytes  CREATORAUDIT_ETAG_CACHE_BYTES
  std::size_t max_response_bytes = 16u << 20;   // --max-response-bytes CREATORAUDIT_MAX_RESPONSE_BYTES
  int max_pages = 10;                   // --max-pages            CREATORAUDIT_MAX_PAGES (per listing)
  int connection_pool_size = 4;         // --connection-pool      CREATORAUDIT_CONNECTION_POOL
  // Independent requests of one call (batch chunks, handle lookups) sent at once, at most; 1 = one after another.
  int max_parallel_requests = 4;        // --max-parallel-requests CREATORAUDIT_MAX_PARALLEL_REQUESTS [1, 64]
  Millis keep_alive_idle{30'000};       // --keep-alive-idle-ms   CREATORAUDIT_KEEP_ALIVE_IDLE_MS: idle connection kept
  GzipPolicy accept_gzip = GzipPolicy::Auto;  // --accept-gzip   CREATORAUDIT_ACCEPT_GZIP
  // Longest wait a server may impose through Retry-After or X-RateLimit-Reset; a longer one is not believed.
  Millis max_rate_limit_wait{3'600'000};  // --max-rate-limit-wait-ms CREATORAUDIT_MAX_RATE_LIMIT_WAIT_MS
  Millis poll_initial_interval{2'000};  // --poll-interval-ms     CREATORAUDIT_POLL_INTERVAL_MS
  Millis poll_max_interval{15'000};     // --poll-max-interval-ms CREATORAUDIT_POLL_MAX_INTERVAL_MS
  std::string ca_bundle_path;           // --ca-bundle            CREATORAUDIT_CA_BUNDLE (empty: system store)
  // Where the key's rate budget is shared (docs/scaling.md): --rate-store CREATORAUDIT_RATE_STORE
  // local | host | redis://HOST:PORT[/DB]; .timeout --rate-store-timeout-ms CREATORAUDIT_RATE_STORE_TIMEOUT_MS;
  // .retry_interval --rate-store-retry-ms CREATORAUDIT_RATE_STORE_RETRY_MS.
  RateStoreSettings rate_store;

  Clock* clock = &system_clock();  // tests inject a FakeClock

  // Reads CREATORAUDIT_* variables over the defaults above. Returns a Configuration error for a bad value,
  // an unreadable or oversized key file, a key with control characters, or a plain-http base URL whose host is
  // not loopback.
  static Result<ClientConfig> from_env();

  // Checks the base URL (https, or http to loopback only) and that a usable key is present.
  std::optional<ApiError> validate() const;

  // The rate store the client uses: rate_store, except `local` when the clock is injected (a FakeClock's time is
  // its own: a budget shared with other processes is timed by the wall clock they all share, and a test's budget
  // must not outlive the test in a file).
  RateStoreSettings effective_rate_store() const;

  // Whether requests advertise gzip, from accept_gzip and the base URL's host.
  bool advertises_gzip() const;

  // Requests in flight at once per Client, and idle connections kept: connection_pool_size, raised to
  // max_parallel_requests so that one call's parallel requests never queue for a connection of their own call.
  std::size_t requests_in_flight() const;
};

// The largest key file read; a key is a few dozen bytes, and /dev/zero must not fill memory.
inline constexpr std::size_t kMaxKeyFileBytes = 4096;

// The bounds of max_parallel_requests: each parallel request holds a thread and a connection for its attempt.
inline constexpr int kMaxParallelRequestsLimit = 64;

// Adds the flags above to a CLI11 app (the server's main) writing into `config`. Flags win over the environment.
void add_client_flags(CLI::App& app, ClientConfig& config);

}  // namespace ca::api

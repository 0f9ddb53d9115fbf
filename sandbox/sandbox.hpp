#pragma once
// A local simulator of the CreatorAudit v2 REST API (see ../shared/reference/creatoraudit-api.md, section 19 for
// the choices made where the docs are silent). Tests start one in-process on a loopback port and switch faults on
// through this API; the `creatoraudit-sandbox` binary exposes the same switches as flags.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/json_util.hpp"

namespace ca::sandbox {

struct ApiKey {
  std::string token;
  std::string name;
  bool can_write = false;
  bool disabled = false;
};

struct RequestLogEntry;

struct SandboxOptions {
  std::uint64_t seed = 42;
  int accounts = 1000;  // seeded accounts across both platforms
  int creators = 60;
  int videos = 300;  // individually tracked videos
  int account_videos_per_account = 5;
  int rate_limit = 600;          // requests per window per API key
  int rate_window_seconds = 60;  // fixed window
  ca::Millis first_refresh_delay{3000};  // time from creation until last_scrape_time is set
  std::optional<int> account_quota;      // tracked-account cap → 403 QUOTA_EXCEEDED
  // Empty = built-ins: sandbox-key (read+write), sandbox-readonly-key (read), sandbox-disabled-key (disabled).
  std::vector<ApiKey> keys;
  std::string request_log_path;  // optional JSON-lines file, in addition to the in-memory log
  ca::Clock* clock = &ca::system_clock();  // tests share a FakeClock with the client
  // Called after each request is answered (the binary logs it to stderr); runs on a server thread.
  std::function<void(const RequestLogEntry&)> on_request;
};

// The built-in keys used when SandboxOptions::keys is empty.
std::vector<ApiKey> default_keys();

enum class RetryAfterMode { Seconds, HttpDate, Absent };
enum class BodyFault { Truncated, InvalidJson, Oversized };
enum class DropMode { BeforeResponse, AfterCommit };

// A well-framed 2xx whose body is wrong: not JSON at all, or JSON of the wrong shape (docs/sandbox.md lists each).
enum class GarbageBody { NotJson, DataString, NumbersAsStrings, Nulls, ExtremeNumbers, MissingFields, WrongContainers, Any };

// A trickled response is written a few bytes at a time with a real pause between writes, then the connection
// closes. The pauses stop after max_duration (the rest goes out at once), so a trickle holds a server thread for
// a bounded time.
enum class TricklePart { Headers, Body, All };
struct TrickleOptions {
  TricklePart part = TricklePart::All;
  std::size_t bytes_per_write = 4;
  ca::Millis pause{50};
  ca::Millis max_duration{10'000};
};

// The random mix: each authenticated request (under path_prefix) gets, with probability `rate`, one fault drawn
// uniformly from `kinds`. Drawn from the fault seed, so the same requests in the same order get the same faults.
enum class MixFault { ServiceUnavailable, DropBeforeResponse, DropAfterCommit, GarbageBody, Trickle, Latency };
struct FaultMix {
  double rate = 0;
  std::vector<MixFault> kinds = {MixFault::ServiceUnavailable, MixFault::DropBeforeResponse, MixFault::DropAfterCommit,
                                 MixFault::GarbageBody,        MixFault::Trickle,            MixFault::Latency};
  ca::Millis latency{500};  // what a drawn Latency fault adds
  std::string path_prefix;
};

struct RequestLogEntry {
  std::string method, path, query;  // query as received (raw string)
  bool auth_present = false;        // never the key itself
  std::string idempotency_key, if_none_match, request_id;
  int status = 0;
  int in_flight = 0;  // requests being handled when this one arrived (incl. itself)
  std::string fault;  // the faults applied, comma-separated (e.g. "latency,trickle:all"); "" = none
  ca::Json to_json() const;
};

class Sandbox {
 public:
  explicit Sandbox(SandboxOptions options = {});
  ~Sandbox();  // stops
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  int start(int port = 0);  // binds 127.0.0.1 only; returns the bound port once it accepts connections
  void stop();
  int port() const;
  std::string base_url() const;  // "http://127.0.0.1:PORT/v2"

  // Faults apply to authenticated /v2 requests; a non-empty path_prefix (e.g. "/v2/accounts/metrics") narrows them.
  void set_rate_limit(int limit, int window_seconds);
  void set_retry_after_mode(RetryAfterMode mode);
  void script_statuses(std::vector<int> statuses, std::string path_prefix = "");  // one per request; 0 = normal
  void set_failure_probability(double probability_of_503);
  void set_latency(ca::Millis latency);
  void drop_connections(DropMode mode, int count, std::string path_prefix = "");
  void corrupt_bodies(BodyFault fault, int count, std::string path_prefix = "");
  void garbage_bodies(GarbageBody kind, int count, std::string path_prefix = "");  // next `count` 2xx bodies
  void set_garbage_probability(double probability, GarbageBody kind = GarbageBody::Any);  // per 2xx body
  void trickle_responses(int count, std::string path_prefix = "");  // next `count` responses, any status
  void set_trickle_probability(double probability);
  void set_trickle_options(TrickleOptions options);
  void set_fault_mix(FaultMix mix);
  void set_fault_seed(std::uint64_t seed);  // restarts the stream every probability switch draws from
  void set_account_quota(std::optional<int> quota);
  void set_first_refresh_delay(ca::Millis delay);  // applies to resources created afterwards
  void reset_faults();

  std::vector<RequestLogEntry> request_log() const;
  void clear_request_log();

  std::size_t account_count() const;
  std::string first_account_id() const;
  std::string account_id_at(std::size_t index) const;  // in seeded order; empty when out of range
  std::string first_video_id() const;
  std::string first_creator_id() const;
  std::int64_t first_account_video_id() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ca::sandbox

#pragma once
// The CreatorAudit v2 client. It knows nothing of MCP. One instance per process and key: it owns the
// keep-alive connection pool, the shared rate budget and the ETag cache, and is safe to use from many
// threads at once. Every call takes CallOptions (cancellation + deadline) and every loop inside it
// (attempts, pages, polls, waits) is bounded by a ClientConfig setting and by that deadline.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client/config.hpp"
#include "client/error.hpp"
#include "common/cancellation.hpp"
#include "common/clock.hpp"
#include "common/json_util.hpp"

namespace ca::api {

class Transport;

using Query = std::vector<std::pair<std::string, std::string>>;

// The API's largest page (`limit`) on list endpoints; list() asks for pages of at most this many items.
inline constexpr std::size_t kMaxPageSize = 200;
// The API's largest id list per batch-metrics request; the *_metrics calls send chunks of at most this many.
inline constexpr std::size_t kMaxIdsPerBatch = 200;

struct CallOptions {
  CancellationToken cancel;
  SteadyTime deadline = SteadyTime::max();
  // Called between requests of multi-request operations (pages, chunks, polls): done so far, total when known.
  std::function<void(double done, std::optional<double> total, const std::string& message)> on_progress;
};

// The rate budget as last seen in X-RateLimit-* headers (unset until a response carried them).
struct RateBudget {
  std::optional<long> limit;
  std::optional<long> remaining;
  std::optional<std::int64_t> reset_epoch_seconds;
};

// Filters and sort for GET /accounts; unset members are not sent. Used verbatim on every page.
struct AccountFilter {
  std::optional<std::string> platform, q, category, creator_id, order_by, order_direction;
  std::optional<bool> is_active;
  Query to_query() const;
};

struct ListPage {
  std::vector<Json> items;
  bool has_next = false;
  std::optional<std::string> next_cursor;  // set only when has_next
  std::optional<long> total_count;         // only when include_total was asked for
  int requests = 0;                        // HTTP requests this listing made
  // Set when a page after the first failed: items holds the pages before it, and next_cursor resumes at the
  // failed page. (When the first page fails, list() returns the error instead.)
  std::optional<ApiError> error;
};

struct ListRequest {
  std::string path;                        // e.g. "/accounts"
  Query filters;                           // identical on every page
  std::size_t max_items = 50;              // stop once this many items are collected
  std::optional<std::string> cursor;       // resume point from a previous ListPage
  bool include_total = false;
};

struct MetricsWindow {
  std::string period = "30d";  // 7d | 30d | 90d | custom
  std::optional<std::string> start_date, end_date;  // YYYY-MM-DD, custom only
};

struct BatchFailure {
  std::vector<std::string> ids;  // the ids of the chunk that failed
  ApiError error;
};

struct BatchMetrics {
  std::vector<std::pair<std::string, Json>> rows;  // id -> metrics object, in the order ids were asked
  std::vector<std::string> not_found;
  Json window;                        // meta.period/start_date/end_date/days from the first chunk that succeeded
  std::vector<BatchFailure> failures;  // chunks that failed; the other chunks' rows are still returned
  int requests = 0;
};

// What the ETag cache holds right now; bytes never exceed budget.
struct EtagCacheStats {
  std::size_t bytes = 0;
  std::size_t entries = 0;
  std::size_t budget = 0;
};

struct CreatedAccount {
  Json account;
  int status = 0;  // 201 (or 200 on an idempotent replay)
};

struct PollOutcome {
  Json resource;       // the last fetched representation
  bool satisfied = false;  // false when max_wait ran out first
  int polls = 0;
};

class Client {
 public:
  explicit Client(ClientConfig config);
  // With another transport than real sockets: tests and fuzzers answer attempts from a function
  // (make_canned_transport in client/transport.hpp). A null transport means real sockets.
  Client(ClientConfig config, std::shared_ptr<Transport> transport);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const ClientConfig& config() const;
  RateBudget rate_budget() const;
  EtagCacheStats etag_cache_stats() const;

  // Generic calls: the envelope is returned whole ({"data":...,"pagination":...} etc).
  Result<Json> get(const std::string& path, const Query& query, const CallOptions& options);
  // Read-only POSTs (batch metrics) are retried like GETs. Writes get a fresh Idempotency-Key per call that
  // every retry of that call reuses.
  Result<Json> post_read(const std::string& path, const Json& body, const CallOptions& options);
  Result<Json> post_write(const std::string& path, const Json& body, const CallOptions& options);
  // PUT (link an account to a creator) and PATCH (update a creator, whose members are all replacements) leave the
  // same state however often they are sent, so they are retried like GETs and carry no Idempotency-Key.
  Result<Json> put(const std::string& path, const Json& body, const CallOptions& options);
  Result<Json> patch(const std::string& path, const Json& body, const CallOptions& options);

  // Cursor pagination with pages of min(200, items still wanted), stopping at has_next=false, max_items, or
  // config().max_pages. Reports progress per page. `item_fields` names the members the caller reads from each
  // item: the others are dropped while pages are parsed (null: every member kept).
  Result<ListPage> list(const ListRequest& request, const CallOptions& options,
                        const std::shared_ptr<const std::vector<std::string>>& item_fields = nullptr);

  Result<Json> whoami(const CallOptions& options);  // the "data" object
  Result<ListPage> list_accounts(const AccountFilter& filter, std::size_t max_items,
                                 std::optional<std::string> cursor, const CallOptions& options);
  Result<Json> get_account(const std::string& id, const CallOptions& options);  // the "data" object
  // body: {"platform","username",["category"],["scrape_interval_hours"]}. A 409 is returned as an ApiError.
  Result<CreatedAccount> create_account(const Json& body, const CallOptions& options);

  // Chunked to at most kMaxIdsPerBatch ids per request, duplicates removed, rows and not_found merged.
  Result<BatchMetrics> account_metrics(const std::vector<std::string>& account_ids, const MetricsWindow& window,
                                       const CallOptions& options);
  Result<BatchMetrics> video_metrics(const std::vector<std::string>& video_ids, const MetricsWindow& window,
                                     const CallOptions& options);
  Result<BatchMetrics> account_video_metrics(const std::vector<std::int64_t>& instagram_post_ids,
                                             const std::vector<std::int64_t>& tiktok_video_ids,
                                             const MetricsWindow& window, const CallOptions& options);

  // POST /videos/deltas: the view gain of each video over each window of `windows` days, as BatchMetrics (rows
  // {"<n>d": views}, not_found, failures), chunked and merged like the metrics calls; window stays empty.
  Result<BatchMetrics> video_deltas(const std::vector<std::string>& video_ids, const std::vector<int>& windows,
                                    const CallOptions& options);

  Result<ListPage> list_videos(const Query& filters, std::size_t max_items, std::optional<std::string> cursor,
                               const CallOptions& options);
  Result<ListPage> list_account_videos(const Query& filters, std::size_t max_items,
                                       std::optional<std::string> cursor, const CallOptions& options);
  Result<ListPage> list_creators(const Query& filters, std::size_t max_items, std::optional<std::string> cursor,
                                 const CallOptions& options);
  // The next three return the envelope whole ({"data":..., "meta":...}): search's meta.effective_caps matters.
  Result<Json> top_creators(const std::string& period, int limit, const CallOptions& options);
  Result<Json> overview(const std::string& period, const CallOptions& options);
  Result<Json> search(const std::string& q, int limit, const CallOptions& options);

  // Re-fetches with `fetch` until `done` holds, waiting config().poll_initial_interval first and growing the
  // interval up to poll_max_interval; stops at max_wait, on cancellation (error Cancelled) or the deadline.
  Result<PollOutcome> poll_until(const std::function<Result<Json>()>& fetch,
                                 const std::function<bool(const Json&)>& done, Millis max_wait,
                                 const CallOptions& options);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Path-id checks used before an id goes into a URL.
bool is_uuid(const std::string& s);
bool is_integer_id(const std::string& s);

}  // namespace ca::api

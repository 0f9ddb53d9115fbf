#pragma once
// Endpoint handlers. Each is a function of one authenticated, already-admitted request: it reads the store under
// the store's lock, and returns a Reply or throws a Problem. Transport concerns (auth, rate limits, faults, ETags,
// idempotency, logging) live in the dispatcher, not here.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/json_util.hpp"
#include "sandbox/data_store.hpp"
#include "sandbox/listing.hpp"
#include "sandbox/metrics_window.hpp"

namespace ca::sandbox {

struct Reply {
  using Headers = std::vector<std::pair<std::string, std::string>>;
  Reply() = default;
  Reply(int status_, ca::Json body_, Headers headers_ = {})
      : status(status_), body(std::move(body_)), headers(std::move(headers_)) {}

  int status = 200;
  ca::Json body;
  Headers headers;
  std::string raw_body;  // when set, the already-serialised body (lists), sent instead of `body`
};

struct RequestContext {
  const Params& params;
  const ca::Json& body;                   // parsed JSON body of a POST, else null
  const std::string& path;                // e.g. /v2/accounts/0b3f…
  const std::vector<std::string>& parts;  // path segments after /v2
  const ApiKey* key;                      // null on public routes
  WallTime now;
  DayNumber today;
  std::string origin;  // http://127.0.0.1:PORT, for absolute URLs
  DataStore& store;
  std::optional<int> account_quota;
};

// /v2/health, /v2/meta (no auth), /v2/whoami, /v2/overview, /v2/search
Reply get_health(RequestContext& ctx);
Reply get_meta(RequestContext& ctx);
Reply get_whoami(RequestContext& ctx);
Reply get_overview(RequestContext& ctx);
Reply get_search(RequestContext& ctx);

// /v2/accounts…
Reply list_accounts(RequestContext& ctx);
Reply get_account(RequestContext& ctx);
Reply create_account(RequestContext& ctx);
Reply account_metrics(RequestContext& ctx);

// /v2/videos…, /v2/account-videos…
Reply list_videos(RequestContext& ctx);
Reply get_video(RequestContext& ctx);
Reply create_video(RequestContext& ctx);
Reply video_metrics(RequestContext& ctx);
Reply video_deltas(RequestContext& ctx);
Reply list_account_videos(RequestContext& ctx);
Reply account_video_metrics(RequestContext& ctx);

// /v2/creators…
Reply list_creators(RequestContext& ctx);
Reply get_creator(RequestContext& ctx);
Reply top_creators(RequestContext& ctx);
Reply creator_analytics(RequestContext& ctx);
Reply create_creator(RequestContext& ctx);
Reply update_creator(RequestContext& ctx);
Reply link_creator_account(RequestContext& ctx);

// Shared by the handlers.
// Path segment `segment` (after /v2) as a lower-case UUID; 422 naming `field` unless it is one.
std::string path_id(const RequestContext& ctx, std::size_t segment = 1, const char* field = "id");
const ca::Json& body_object(const RequestContext& ctx);  // 422 unless the body is a JSON object
std::string lower_ascii(std::string text);
bool contains_ci(const std::string& haystack, const std::string& lowered_needle);
std::size_t utf8_length(const std::string& text);  // code points, for limits the docs state in characters
std::string platform_field(const ca::Json& body);            // required instagram|tiktok
std::optional<std::string> platform_filter(const Params& params);  // optional instagram|tiktok
// The filters list routes share (platform, q, and is_active where the route has it), each present one echoed
// into `filters` in that order.
struct SharedFilters {
  std::optional<std::string> platform, q;
  std::optional<bool> is_active;
  std::string needle;  // q lower-cased, for case-insensitive matching
};
SharedFilters shared_filters(const Params& params, ca::Json& filters, bool with_is_active);
Reply paged(RequestContext& ctx, const std::string& items, const Page& page, const ListQuery& query);
Reply created(ca::Json resource, const std::string& location);
// Optional body members: absent or null → nullopt; the wrong type (or out of range) → 422 naming the field.
std::optional<bool> optional_bool(const ca::Json& body, const char* field);
std::optional<std::string> optional_string(const ca::Json& body, const char* field);
std::optional<int> optional_int(const ca::Json& body, const char* field, int lo, int hi);
std::optional<ca::Json> optional_object(const ca::Json& body, const char* field);
constexpr int kMaxScrapeIntervalHours = 24 * 30;
// Batch metrics input: `field` must be an array of 1..kMaxBatchIds UUID strings (deduplicated, in order).
constexpr int kMaxBatchIds = 200;
std::vector<std::string> batch_uuids(const ca::Json& body, const std::string& field);
Window batch_window(const RequestContext& ctx);
// One entity's window sums and (accounts) follower count, the same numbers wherever an entity is rolled up: its
// own batch metrics, a creator's analytics and leaderboard, the org overview. Nothing before the first refresh.
Sums account_sums(const RequestContext& ctx, const Account& a, const Window& w);
std::int64_t account_followers(const RequestContext& ctx, const Account& a, const Window& w);
// A tracked video (key = its UUID) or an account video (key = its integer id), refreshed first at first_refresh.
Sums video_sums(const RequestContext& ctx, std::string_view key, bool instagram, const Totals& totals,
                std::optional<WallTime> first_refresh, const Window& w);
// The batch shape of reference §12: `data[id] = value(entity)` for each id `find` knows (a pointer or null), the
// others listed in not_found. Returns {data, not_found}.
template <class Find, class Value>
std::pair<ca::Json, ca::Json> keyed_by_id(const std::vector<std::string>& ids, Find find, Value value) {
  ca::Json data = ca::Json::object(), not_found = ca::Json::array();
  for (const auto& id : ids) {
    if (const auto* entity = find(id)) {
      data[id] = value(*entity);
    } else {
      not_found.push_back(id);
    }
  }
  return {std::move(data), std::move(not_found)};
}
// { data, meta: {period, start_date, end_date, days, not_found} }
Reply metrics_reply(ca::Json data, const Window& window, ca::Json not_found);

}  // namespace ca::sandbox

#pragma once
// What add_account and add_video share: one create, sent with one Idempotency-Key that every retry reuses (the
// client does that); a 409, or a create whose answer carries no usable resource, settled by finding the resource
// with a listing (the 409 body's extension members are not relied on); bounded polling for the first refresh;
// and the status / refresh / hint part of the result.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "client/client.hpp"
#include "tools/tool_support.hpp"

namespace ca::tools {

// When the first refresh has not landed, the model is told to look again after this long: the API says data
// "begins populating within seconds" but gives no bound, so ask for one more check, not a loop.
inline constexpr int kCheckAgainAfterSeconds = 30;

struct TrackedCreate {
  std::string what;                            // "tiktok:khaby.lame", for messages
  std::string noun;                            // "account", "video"
  std::function<api::Result<Json>()> create;   // the created resource (the "data" object); a 409 as its error
  std::function<api::Result<Json>()> find;     // the tracked resource found by listing; null when not found
  std::function<bool(const Json&)> usable;     // true when the resource makes a result row
  std::string look_again;                      // e.g. "list_accounts with query=\"natgeo\""
};

struct Tracked {
  std::string status;  // created | already_tracked
  Json resource;       // usable
};

// The created or already tracked resource, or the isError result to return.
std::variant<Tracked, ToolResult> create_or_find(const TrackedCreate& request);

// Polls `fetch` (GET of the resource by id) through client.poll_until until last_scrape_time is set, for at
// most wait_seconds, the call's deadline or its cancellation. Returns the last usable view, `resource` itself
// when no poll gave a better one.
Json wait_for_first_refresh(api::Client& client, Json resource, std::int64_t wait_seconds,
                            const std::function<api::Result<Json>()>& fetch,
                            const std::function<bool(const Json&)>& usable, const ToolContext& context,
                            const api::CallOptions& options);

// How the model is told to look again when the first refresh is pending.
struct CheckAgain {
  std::string tool;  // e.g. "list_accounts"
  Json arguments;    // e.g. {"platform":"tiktok","query":"khaby.lame"}
  std::string done_when;  // e.g. "the account is refreshed once last_scrape_time is a time"
  std::string add_tool;   // the tool not to call again
};

// {status, refresh, <row_key>: row, check_again_after_seconds?, hint?}.
Json tracked_result(const Tracked& tracked, const char* row_key, Json row, const CheckAgain& check_again);

}  // namespace ca::tools

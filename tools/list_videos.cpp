// list_videos: videos of tracked accounts (GET /account-videos) or videos tracked one by one (GET /videos), as
// compact rows, paged with a cursor bound to the route, its filters and sort (tools/list_pages.hpp).
#include <algorithm>

#include "client/url_encoding.hpp"
#include "tools/handle_resolver.hpp"
#include "tools/list_pages.hpp"
#include "tools/product_tools.hpp"
#include "tools/upstream_fields.hpp"
#include "tools/video_view.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "List videos as compact rows: id, platform, url, caption (start), account, create_time, lifetime views, likes, "
    "comments, shares, engagement_rate (%). source accounts (default): videos found on tracked accounts, integer "
    "ids; source tracked: videos tracked one by one, UUID ids (get_video_growth takes these). Filter by account "
    "(id or platform:username), platform, query (caption text); rank with order_by (view_count, like_count, "
    "create_time, ...). Up to max_results rows (default {max_results.default}, at most {max_results.maximum}; every "
    "{page_size} rows cost one API request). When has_more is true, pass next_cursor back as cursor with the same "
    "filters and sort. For views gained over recent days, call get_video_growth (tracked) or get_metrics.";

const std::vector<QueryParameter> kFilters = {{"platform", "platform"},
                                              {"query", "q"},
                                              {"order_by", "order_by"},
                                              {"order_direction", "order_direction"}};

std::string path_of(const Json& arguments) {
  return optional_string(arguments, "source").value_or("accounts") == "tracked" ? "/videos" : "/account-videos";
}

std::vector<std::string> extra_fields_from(const Json& arguments) {
  const auto fields = string_list(arguments, "fields");
  if (std::find(fields.begin(), fields.end(), "all") != fields.end()) return extra_video_fields();
  return fields;
}

// `account_id`: the account filter once known (given as an id, or resolved from a handle).
ListSpec spec_for(const Json& arguments, const std::optional<std::string>& account_id) {
  api::Query filters = query_from_arguments(arguments, kFilters);
  if (account_id) filters.emplace_back("account_id", api::ascii_lower(*account_id));
  return ListSpec{path_of(arguments),
                  std::move(filters),
                  "videos",
                  [fields = extra_fields_from(arguments)](const Json& item) { return compact_video(item, fields); },
                  "they lacked a valid id or platform",
                  "a narrower filter (account, platform, query)"};
}

std::optional<std::string> account_uuid(const Json& arguments) {
  const auto account = optional_string(arguments, "account");
  if (account && api::is_uuid(*account)) return account;
  return std::nullopt;
}

std::optional<ToolResult> check_arguments(const Json& arguments) {
  const auto account = optional_string(arguments, "account");
  if (account && !api::is_uuid(*account)) {
    const auto handle = parse_platform_handle(*account);
    if (!handle) {
      return argument_error("account", "must be an account id (UUID) or platform:username",
                            "\"tiktok:khaby.lame\"");
    }
    if (const auto platform = optional_string(arguments, "platform"); platform && *platform != handle->platform) {
      return argument_error("platform", "contradicts the platform of account (" + handle->platform + ")",
                            "{\"account\":\"" + handle->platform + ":" + handle->username + "\"}");
    }
  }
  if (optional_string(arguments, "order_by") == "added_at" && path_of(arguments) != "/videos") {
    return argument_error("order_by", "added_at applies to source tracked only; videos of accounts have no added_at",
                          "\"create_time\"");
  }
  // With a handle the account id is known only after a lookup, so its cursor is checked after it.
  if (!account || account_uuid(arguments)) {
    const auto start = listing_start(arguments, spec_for(arguments, account_uuid(arguments)));
    if (std::holds_alternative<ToolResult>(start)) return std::get<ToolResult>(start);
  }
  return std::nullopt;
}

ToolResult list_videos(api::Client& client, const Json& arguments, ToolContext& context) {
  std::optional<std::string> account_id = account_uuid(arguments);
  if (const auto account = optional_string(arguments, "account"); account && !account_id) {
    ProgressReporter progress(context);
    const ResolvedHandles resolved = resolve_handles(client, {*account}, call_options(context), progress);
    if (!resolved.failed.empty()) return api_error_result(resolved.failed.front().second);
    if (!resolved.accounts.empty()) account_id = uuid_field(resolved.accounts.front().second, "id");
    if (!account_id) {
      return ToolResult::error("The account " + *account +
                               " is not tracked by this organization (list_accounts shows the tracked ones).");
    }
  }
  const ListSpec spec = spec_for(arguments, account_id);
  const auto start = listing_start(arguments, spec);
  if (std::holds_alternative<ToolResult>(start)) return std::get<ToolResult>(start);
  const auto max_results = static_cast<std::size_t>(optional_integer(arguments, "max_results").value_or(1));
  return list_rows(client, spec, std::get<ListCursor>(start), max_results, context);
}

}  // namespace

ToolUnit list_videos_unit() {
  return ToolUnit{
      .name = "list_videos",
      .title = "List videos",
      .toolsets = {"videos"},
      .annotations = kReadOnlyTool,
      .description = kDescription,
      .guide = "find and rank videos (top by views, an account's latest, captions containing a word).",
      .check = check_arguments,
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) {
          return list_videos(client, arguments, context);
        };
      },
  };
}

}  // namespace ca::tools

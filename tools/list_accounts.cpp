// list_accounts: the organization's tracked accounts as compact rows, paged with a cursor bound to its filters.
#include <algorithm>

#include "tools/account_view.hpp"
#include "tools/list_pages.hpp"
#include "tools/product_tools.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "List the Instagram and TikTok accounts this organization tracks, as compact rows: id, platform, username, "
    "name, followers, lifetime views/likes/comments/shares, engagement_rate (%), last_scrape_time, paused (only when true). "
    "Use it to find account ids, to rank accounts (order_by follower_count, view_count, ...), or to check whether "
    "an account is tracked (query = part of the username). Returns up to max_results rows (default "
    "{max_results.default}, at most {max_results.maximum}; every {page_size} rows cost one API request). When "
    "has_more is true, pass next_cursor back as cursor with the same filters and sort to get the next rows; stop "
    "when has_more is false. The text is capped (64 KiB by default, about 200 rows; fewer with fields): past that "
    "fewer rows come back, with a note and a next_cursor. An account added moments ago shows last_scrape_time "
    "\"pending first refresh\" and no metrics yet. For metrics over a time window (7d/30d/90d/custom), call "
    "get_metrics with the ids.";

const std::vector<QueryParameter> kFilters = {
    {"platform", "platform"}, {"query", "q"},          {"category", "category"},
    {"creator_id", "creator_id"}, {"is_active", "is_active"}, {"order_by", "order_by"},
    {"order_direction", "order_direction"}};

std::vector<std::string> extra_fields_from(const Json& arguments) {
  const auto fields = string_list(arguments, "fields");
  if (std::find(fields.begin(), fields.end(), "all") != fields.end()) return extra_account_fields();
  return fields;
}

ListSpec spec_for(const Json& arguments) {
  return ListSpec{"/accounts",
                  query_from_arguments(arguments, kFilters),
                  "accounts",
                  [fields = extra_fields_from(arguments)](const Json& item) { return compact_account(item, fields); },
                  "they lacked a valid id, platform or username",
                  "fewer fields or a narrower filter (platform, query, category)"};
}

}  // namespace

ToolUnit list_accounts_unit() {
  return ToolUnit{
      .name = "list_accounts",
      .title = "List tracked accounts",
      .toolsets = {"accounts"},
      .annotations = kReadOnlyTool,
      .description = kDescription,
      .guide = "find, filter and rank tracked accounts (ids, followers, lifetime totals).",
      .check = [](const Json& arguments) -> std::optional<ToolResult> {
        if (auto start = listing_start(arguments, spec_for(arguments)); std::holds_alternative<ToolResult>(start)) {
          return std::get<ToolResult>(start);
        }
        return std::nullopt;
      },
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) {
          const ListSpec spec = spec_for(arguments);
          const auto start = std::get<ListCursor>(listing_start(arguments, spec));
          const auto max_results = static_cast<std::size_t>(optional_integer(arguments, "max_results").value_or(1));
          // Pages are parsed into only the members the rows read (the same rows, less CPU: docs/performance.md).
          const auto members =
              std::make_shared<const std::vector<std::string>>(account_members_read(extra_fields_from(arguments)));
          return list_rows(client, spec, start, max_results, context, members);
        };
      },
  };
}

}  // namespace ca::tools

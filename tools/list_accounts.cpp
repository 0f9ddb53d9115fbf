// list_accounts: the organization's tracked accounts as compact rows, paged with a cursor bound to its filters.
#include <algorithm>

#include "tools/account_view.hpp"
#include "tools/list_cursor.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_support.hpp"

namespace ca::tools {
namespace {

constexpr std::size_t kApiPageLimit = 200;  // the API's largest `limit`

const char* const kDescription =
    "List the Instagram and TikTok accounts this organization tracks, as compact rows: id, platform, username, "
    "name, followers, lifetime views/likes/comments/shares, engagement_rate (%), is_active, last_scrape_time. "
    "Use it to find account ids, to rank accounts (order_by follower_count, view_count, ...), or to check whether "
    "an account is tracked (query = part of the username). Returns up to max_results rows (default 50, at most "
    "1000; every 200 rows cost one API request). When has_more is true, pass next_cursor back as cursor with the "
    "same filters and sort to get the next rows; stop when has_more is false. The text is capped (64 KiB by "
    "default, about 200 rows; fewer with fields): past that fewer rows come back, with a note and a next_cursor. An "
    "account added moments ago shows "
    "last_scrape_time \"pending first refresh\" and no metrics yet. For metrics over a time window "
    "(7d/30d/90d/custom), call get_metrics with the ids.";

api::AccountFilter filter_from(const Json& arguments) {
  api::AccountFilter filter;
  filter.platform = optional_string(arguments, "platform");
  filter.q = optional_string(arguments, "query");
  filter.category = optional_string(arguments, "category");
  filter.creator_id = optional_string(arguments, "creator_id");
  filter.order_by = optional_string(arguments, "order_by");
  filter.order_direction = optional_string(arguments, "order_direction");
  filter.is_active = optional_bool(arguments, "is_active");
  return filter;
}

std::vector<std::string> extra_fields_from(const Json& arguments) {
  std::vector<std::string> fields;
  const auto it = arguments.find("fields");
  if (it == arguments.end()) return fields;
  for (const auto& name : *it) {
    if (name == "all") return extra_account_fields();
    fields.push_back(name.get<std::string>());
  }
  return fields;
}

class ListAccountsTool final : public ProductTool {
 public:
  ListAccountsTool() : ProductTool("list_accounts", "List tracked accounts", kDescription, kReadOnlyTool) {}

  ToolResult call(const Json& arguments, ToolContext& context) override {
    const api::AccountFilter filter = filter_from(arguments);
    ListCursor start{std::nullopt, 0, filter_fingerprint(filter)};
    if (const auto text = optional_string(arguments, "cursor")) {
      const auto cursor = decode_cursor(*text);
      if (!cursor || cursor->skip >= kApiPageLimit) {
        return argument_error("cursor", "is not a next_cursor issued by list_accounts; pass it back unchanged",
                              "the next_cursor string of the previous list_accounts result");
      }
      if (cursor->fingerprint != start.fingerprint) {
        return argument_error("cursor",
                              "was issued for different filters or sort; send it with the same platform, query, "
                              "is_active, category, creator_id, order_by and order_direction as the call that "
                              "returned it, or leave cursor out to start from the first page",
                              "the next_cursor of a list_accounts call made with these same filters");
      }
      start = *cursor;
    }
    if (!context.client) return missing_api_key_result();

    const auto max_results = static_cast<std::size_t>(integer_or(arguments, "max_results", 50));
    const auto extra_fields = extra_fields_from(arguments);
    ProgressReporter progress(context);
    const api::CallOptions options = call_options(context);

    // Rows, and for each the page position it came from, so a budget cut can resume exactly after the last row
    // shown.
    Json rows = Json::array();
    std::vector<ListCursor> origins;
    std::optional<ListCursor> end;  // where the next call continues when every fetched row is shown
    ListCursor page = start;
    const std::size_t max_requests = (max_results + kApiPageLimit - 1) / kApiPageLimit + 1;
    for (std::size_t request = 0; request < max_requests && rows.size() < max_results; ++request) {
      const std::size_t want = std::min(kApiPageLimit, page.skip + (max_results - rows.size()));
      if (request > 0) progress.step("fetched " + std::to_string(rows.size()) + " accounts");
      auto result = context.client->list_accounts(filter, want, page.api_cursor, options);
      if (!result) return api_error_result(result.error());
      const auto& items = result.value().items;
      std::size_t index = page.skip;
      for (; index < items.size() && rows.size() < max_results; ++index) {
        rows.push_back(compact_account(items[index], extra_fields));
        origins.push_back(ListCursor{page.api_cursor, index, start.fingerprint});
      }
      if (index < items.size()) {  // max_results reached inside this page
        end = ListCursor{page.api_cursor, index, start.fingerprint};
        break;
      }
      if (!result.value().has_next || !result.value().next_cursor) {
        end.reset();
        break;
      }
      page = ListCursor{result.value().next_cursor, 0, start.fingerprint};
      end = page;
    }

    Json output = {{"accounts", std::move(rows)}, {"returned", 0}, {"has_more", false}};
    const std::size_t budget = context.settings.text_budget_bytes;
    fit_rows_to_budget(output, "accounts", budget, [&](Json& result, std::size_t kept, std::size_t total) {
      const std::optional<ListCursor> resume = kept < total ? std::optional(origins[kept]) : end;
      result["returned"] = kept;
      result["has_more"] = resume.has_value();
      if (resume) result["next_cursor"] = encode_cursor(*resume);
      if (kept < total) {
        result["note"] = "Showing " + std::to_string(kept) + " of " + std::to_string(total) +
                         " accounts to stay under the " + std::to_string(budget) +
                         "-byte result limit. Get the rest with cursor=next_cursor (same filters), or ask for "
                         "fewer fields or a narrower filter (platform, query, category).";
      }
    });
    return ToolResult::success(std::move(output));
  }
};

}  // namespace

std::unique_ptr<Tool> make_list_accounts_tool() { return std::make_unique<ListAccountsTool>(); }

}  // namespace ca::tools

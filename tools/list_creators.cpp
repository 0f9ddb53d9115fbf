// list_creators: the organization's creators (GET /creators, name order, paged with a cursor bound to its
// filters), or one creator (GET /creators/{id}) with its linked accounts (GET /accounts?creator_id=) as compact rows.
#include "client/url_encoding.hpp"
#include "tools/account_view.hpp"
#include "tools/creator_view.hpp"
#include "tools/list_pages.hpp"
#include "tools/product_tools.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "List the organization's creators (the people or brands behind accounts) by name: id, name, linked accounts "
    "(in all and per platform), their followers summed, metadata, archived (only when true). With creator_id: that "
    "creator and its linked accounts as compact account rows (id, username, followers, lifetime totals). Returns "
    "up to max_results rows (default {max_results.default}, at most {max_results.maximum}; every {page_size} rows "
    "cost one API request). When has_more is true, pass next_cursor back as cursor with the same arguments; stop "
    "when has_more is false. To rank creators use top_creators; for metrics over a window, get_metrics with "
    "creator_ids.";

ListSpec creators_spec(const Json& arguments) {
  api::Query filters = query_from_arguments(arguments, {{"is_active", "is_active"}});
  // The API sorts creators by name only; the direction applies only with order_by sent.
  filters.emplace_back("order_by", "name");
  filters.emplace_back("order_direction", optional_string(arguments, "order_direction").value_or("asc"));
  return ListSpec{"/creators",
                  std::move(filters),
                  "creators",
                  [](const Json& item) { return compact_creator(item); },
                  "they lacked a valid id",
                  "only active or only archived creators (is_active)"};
}

ListSpec linked_accounts_spec(const std::string& creator_id) {
  return ListSpec{"/accounts",
                  {{"creator_id", creator_id}},
                  "accounts",
                  [](const Json& item) { return compact_account(item); },
                  "they lacked a valid id, platform or username",
                  "list_accounts with this creator_id and a platform filter"};
}

std::optional<ToolResult> check_arguments(const Json& arguments) {
  if (arguments.contains("creator_id") && arguments.contains("is_active")) {
    return argument_error("is_active", "filters the list of creators; leave it out when creator_id names one",
                          "{\"creator_id\":\"0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b\"}");
  }
  const auto creator_id = optional_string(arguments, "creator_id");
  const ListSpec spec = creator_id ? linked_accounts_spec(api::ascii_lower(*creator_id)) : creators_spec(arguments);
  if (auto start = listing_start(arguments, spec); std::holds_alternative<ToolResult>(start)) {
    return std::get<ToolResult>(start);
  }
  return std::nullopt;
}

// One creator and a page of its linked accounts. The page is cut to what the budget leaves after the creator row.
ToolResult one_creator(api::Client& client, const std::string& creator_id, const Json& arguments,
                       const ToolContext& context, std::size_t max_results) {
  auto response = client.get("/creators/" + creator_id, {}, call_options(context));
  if (!response) return api_error_result(response.error());
  const Json* data = object_field(response.value(), "data");
  const auto row = data ? compact_creator(*data) : std::nullopt;
  if (!row) {
    return ToolResult::error("The API's answer for creator " + creator_id +
                             " holds no usable creator (no valid id); try again, or list_creators without creator_id.");
  }
  Json output = {{"creators", Json::array({*row})}};
  // A creator the API says has no accounts needs no listing.
  if (linked_account_count(*data) == 0) {
    output.update({{"accounts", Json::array()}, {"returned", 0}, {"has_more", false}});
    return ToolResult::success(std::move(output));
  }
  const ListSpec spec = linked_accounts_spec(creator_id);
  ToolContext accounts_context = context;
  const std::size_t row_bytes = dump_compact(output).size();
  const std::size_t budget = context.settings.text_budget_bytes;
  accounts_context.settings.text_budget_bytes = budget > row_bytes ? budget - row_bytes : 0;
  ToolResult accounts = list_rows(client, spec, std::get<ListCursor>(listing_start(arguments, spec)), max_results,
                                  accounts_context);
  if (accounts.is_error) return accounts;
  output.update(accounts.structured);
  return ToolResult::success(std::move(output));
}

ToolResult list_creators(api::Client& client, const Json& arguments, ToolContext& context) {
  const auto max_results = static_cast<std::size_t>(optional_integer(arguments, "max_results").value_or(1));
  if (const auto creator_id = optional_string(arguments, "creator_id")) {
    return one_creator(client, api::ascii_lower(*creator_id), arguments, context, max_results);
  }
  const ListSpec spec = creators_spec(arguments);
  return list_rows(client, spec, std::get<ListCursor>(listing_start(arguments, spec)), max_results, context);
}

}  // namespace

ToolUnit list_creators_unit() {
  return ToolUnit{
      .name = "list_creators",
      .title = "List creators",
      .toolsets = {"creators"},
      .annotations = kReadOnlyTool,
      .description = kDescription,
      .guide = "the creator roster by name, or one creator (creator_id) with its linked accounts.",
      .check = check_arguments,
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) {
          return list_creators(client, arguments, context);
        };
      },
  };
}

}  // namespace ca::tools

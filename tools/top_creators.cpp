// top_creators: the API's creator leaderboard for a period (GET /creators/top), as compact ranked rows.
#include "schemas/schemas.hpp"
#include "tools/metric_sums.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "The organization's creator leaderboard for the last 7, 30 or 90 days, best first, as the API ranks it (up "
    "to {limit.maximum} creators): per creator its rank, id, name, views, likes, comments, shares, "
    "engagement_rate (% of views), followers and the number of linked accounts. One API request. For the whole "
    "roster, or the accounts of one creator, use list_accounts with creator_id.";

const Json& period_enum() {
  static const Json values = schemas::get("top_creators.input")["properties"]["period"]["enum"];
  return values;
}

// One leaderboard entry as a row; nullopt when it has no usable id (a row nobody could follow up on).
std::optional<Json> creator_row(const Json& entry, std::size_t rank) {
  if (!entry.is_object()) return std::nullopt;
  const auto id = uuid_field(entry, "id");
  if (!id) return std::nullopt;
  Json row = {{"rank", rank}, {"id", *id}};
  if (const auto name = text_field(entry, "name")) row["name"] = *name;
  row.update(sums_of(nullptr, entry));
  if (const auto accounts = count_field(entry, "account_count")) row["accounts"] = *accounts;
  return row;
}

ToolResult top_creators(api::Client& client, const Json& arguments, ToolContext& context) {
  const std::string period = optional_string(arguments, "period").value_or("30d");
  const std::int64_t limit = optional_integer(arguments, "limit").value_or(10);
  auto response = client.get("/creators/top", {{"period", period}, {"limit", std::to_string(limit)}},
                             call_options(context));
  if (!response) return api_error_result(response.error());

  const Json& body = response.value();
  const Json* meta = object_field(body, "meta");
  Json output = Json::object();
  put_window(output, meta, period_enum(), period);
  Json rows = Json::array();
  std::size_t dropped = 0;
  if (const Json* data = array_field(body, "data")) {
    // Ranked by position: the API's list is the ranking, whatever rank field an entry carries.
    for (std::size_t i = 0; i < data->size() && rows.size() < static_cast<std::size_t>(limit); ++i) {
      if (auto row = creator_row((*data)[i], i + 1)) {
        rows.push_back(std::move(*row));
      } else {
        ++dropped;
      }
    }
  }
  output["creators"] = std::move(rows);
  const std::string dropped_note =
      dropped == 0 ? std::string()
                   : std::to_string(dropped) + " leaderboard entries from the API had no valid creator id and were "
                                               "left out; their ranks are skipped.";
  const auto finish = [&](Json& result, std::size_t kept, std::size_t total) {
    result["returned"] = kept;
    std::string note = dropped_note;
    if (kept < total) {
      note += (note.empty() ? "" : " ") + budget_note(kept, total, "creators", context.settings.text_budget_bytes,
                                                      "Ask for a smaller limit.");
    }
    if (note.empty()) {
      result.erase("note");
    } else {
      result["note"] = note;
    }
  };
  return as_result(fit_rows_to_budget(std::move(output), "creators", context.settings.text_budget_bytes, finish));
}

}  // namespace

ToolUnit top_creators_unit() {
  return ToolUnit{
      .name = "top_creators",
      .title = "Rank the top creators",
      .toolsets = {"creators"},
      .annotations = kReadOnlyTool,
      .description = kDescription,
      .guide = "which creators lead the roster over 7, 30 or 90 days (views, engagement, followers).",
      .check = {},
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) {
          return top_creators(client, arguments, context);
        };
      },
  };
}

}  // namespace ca::tools

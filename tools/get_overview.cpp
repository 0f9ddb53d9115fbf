// get_overview: the organization's headline figures for a period against the period before (GET /overview).
#include <cmath>

#include "schemas/schemas.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "The organization's headline figures for the last 7, 30 or 90 days against the same number of days just "
    "before: total_views, engagement_rate (%), active_accounts, account_videos and tracked_videos, each with "
    "current, previous and change_pct (the relative change; for engagement_rate the change of the rate, not "
    "percentage points). change_pct is left out when previous is 0, since there is no baseline. One API request.";

// The figures of the contract, in the order they are reported.
constexpr const char* kFigures[] = {"total_views", "engagement_rate", "active_accounts", "account_videos",
                                    "tracked_videos"};

// A relative change larger than this is broken data, not a figure (a million percent).
constexpr double kMaxChangePct = 1e6;
// Likewise an engagement rate: interactions can exceed views, but not ten thousand times over.
constexpr double kMaxEngagementRatePct = 1e6;

const Json& schema_property(const char* name) { return schemas::get("get_overview.input")["properties"][name]; }

// A figure's value: a count, or for engagement_rate a finite non-negative percentage.
std::optional<double> figure_value(const Json* values, const char* figure) {
  if (values == nullptr) return std::nullopt;
  if (std::string_view(figure) != "engagement_rate") {
    const auto count = count_field(*values, figure);
    return count ? std::optional<double>(static_cast<double>(*count)) : std::nullopt;
  }
  const auto it = values->find(figure);
  if (it == values->end() || !it->is_number()) return std::nullopt;
  const double rate = it->get<double>();
  return std::isfinite(rate) && rate >= 0 && rate <= kMaxEngagementRatePct ? std::optional<double>(rate) : std::nullopt;
}

Json number_json(double value) {
  // Counts stay integers in the text the model reads.
  if (value == std::floor(value) && value <= static_cast<double>(kMaxCount)) return static_cast<std::int64_t>(value);
  return value;
}

ToolResult get_overview(api::Client& client, const Json& arguments, ToolContext& context) {
  const std::string period = optional_string(arguments, "period").value_or("30d");
  auto response = client.get("/overview", {{"period", period}}, call_options(context));
  if (!response) return api_error_result(response.error());

  const Json& body = response.value();
  const Json* data = object_field(body, "data");
  const Json* meta = object_field(body, "meta");
  const Json* current = data ? object_field(*data, "current") : nullptr;
  const Json* previous = data ? object_field(*data, "previous") : nullptr;
  const Json* changes = data ? object_field(*data, "changes") : nullptr;

  Json output = Json::object();
  put_window(output, meta, schema_property("period")["enum"], period);
  Json figures = Json::object();
  std::vector<std::string> missing;
  for (const char* figure : kFigures) {
    const auto now = figure_value(current, figure);
    const auto before = figure_value(previous, figure);
    Json entry = Json::object();
    if (now) entry["current"] = number_json(*now);
    if (before) entry["previous"] = number_json(*before);
    // The API's change when it sent a usable one; otherwise computed from the two values when there is a baseline.
    std::optional<double> change;
    if (changes) {
      const auto it = changes->find(std::string(figure) + "_pct");
      if (it != changes->end() && it->is_number() && std::isfinite(it->get<double>()) &&
          std::fabs(it->get<double>()) <= kMaxChangePct) {
        change = it->get<double>();
      }
    }
    if (!change && now && before && *before > 0) change = std::round((*now - *before) / *before * 10000.0) / 100.0;
    if (change && before && *before == 0) change.reset();  // no baseline, whatever the API sent
    if (change) entry["change_pct"] = *change;
    if (entry.empty()) {
      missing.push_back(figure);
    } else {
      figures[figure] = std::move(entry);
    }
  }
  output["figures"] = std::move(figures);
  if (!missing.empty()) {
    std::string note = "The API's answer had no usable value for";
    for (std::size_t i = 0; i < missing.size(); ++i) note += (i == 0 ? " " : ", ") + missing[i];
    output["note"] = note + ".";
  }
  return ToolResult::success(std::move(output));
}

}  // namespace

ToolUnit get_overview_unit() {
  return ToolUnit{
      .name = "get_overview",
      .title = "Compare the organization's figures with the period before",
      .toolsets = {"org"},
      .annotations = kReadOnlyTool,
      .description = kDescription,
      .guide = "how the organization did over 7, 30 or 90 days against the period before (views, engagement, "
               "accounts, videos).",
      .check = {},
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) {
          return get_overview(client, arguments, context);
        };
      },
  };
}

}  // namespace ca::tools

// get_video_growth: views gained by tracked videos over look-back windows (POST /videos/deltas), in batches of
// 200 ids sent by the client's batch loop (Client::video_deltas), so they go out however that loop does.
#include <algorithm>
#include <set>

#include "client/url_encoding.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "Views gained by tracked videos over recent windows: for each video and each window of n days (ending today), "
    "the views of those days, as \"<n>d\". video_ids are UUIDs from list_videos with source tracked (up to "
    "{video_ids.maxItems}); windows default to [1, 7, 30] (up to {windows.maxItems}, each 1-{windows.items.maximum} "
    "days). Costs one API request per {batch_size} ids; ask for all ids in one call. Unknown ids come back in "
    "not_found; a batch that failed is listed in errors while the other rows are still returned. For videos of "
    "accounts (integer ids), use get_metrics with tiktok_video_ids or instagram_post_ids and a period.";

// Every member the result may have: windows, videos, returned, not_found, errors, note.
constexpr std::size_t kOutputMembers = 6;

ToolResult get_video_growth(api::Client& client, const Json& arguments, ToolContext& context) {
  const auto windows_argument = integer_list(arguments, "windows");
  const std::set<std::int64_t> window_set(windows_argument.begin(), windows_argument.end());
  const std::vector<int> windows(window_set.begin(), window_set.end());
  std::vector<std::string> ids;
  for (const auto& id : string_list(arguments, "video_ids")) {
    const std::string lower = api::ascii_lower(id);
    if (std::find(ids.begin(), ids.end(), lower) == ids.end()) ids.push_back(lower);
  }

  ProgressReporter progress(context);
  auto result = client.video_deltas(ids, windows, call_options(context, &progress));
  if (context.cancel.cancelled()) return ToolResult::error("Cancelled.");
  if (!result) return api_error_result(result.error());
  const api::BatchMetrics& batch = result.value();

  // Only ids that were asked for make rows or not_found entries, once each; the rest is counted in the note.
  const std::set<std::string> wanted(ids.begin(), ids.end());
  std::set<std::string> answered;
  std::vector<std::pair<std::string, Json>> rows;
  std::size_t unasked = 0;
  for (const auto& [id, values] : batch.rows) {
    if (!wanted.count(id) || !values.is_object() || !answered.insert(id).second) {
      ++unasked;
      continue;
    }
    Json gains = Json::object();
    for (const int window : windows) {
      const std::string key = std::to_string(window) + "d";
      if (const auto gain = count_field(values, key.c_str())) gains[key] = *gain;
    }
    rows.emplace_back(id, std::move(gains));
  }
  std::vector<std::string> not_found;
  for (const auto& id : batch.not_found) {
    if (wanted.count(id) && !answered.count(id) &&
        std::find(not_found.begin(), not_found.end(), id) == not_found.end()) {
      not_found.push_back(id);
    }
  }
  Json errors = Json::array();
  for (const auto& failure : batch.failures) {
    errors.push_back({{"message", describe_api_error(failure.error)}, {"ids", failure.ids}});
  }

  std::string notes;
  if (unasked > 0) {
    notes = "The API also sent " + std::to_string(unasked) +
            " rows for ids that were not asked for (or twice, or not as an object); they were left out.";
  }
  const std::size_t budget = context.settings.text_budget_bytes;
  return as_result(longest_fitting_prefix(rows.size(), budget, [&](std::size_t kept) {
    Json out = object_with_capacity(kOutputMembers);
    out["windows"] = windows;
    KeyedObject videos(kept);
    for (std::size_t i = 0; i < kept; ++i) videos.set(rows[i].first, rows[i].second);
    out["videos"] = std::move(videos).take();
    out["returned"] = kept;
    if (!not_found.empty()) out["not_found"] = not_found;
    if (!errors.empty()) out["errors"] = errors;
    std::string note = notes;
    if (kept < rows.size()) {
      note += (note.empty() ? "" : " ") +
              budget_note(kept, rows.size(), "videos", budget,
                          "Rows follow the order asked; call get_video_growth again for the ids from " +
                              rows[kept].first + " on, or with fewer windows.");
    }
    if (!note.empty()) out["note"] = note;
    return out;
  }));
}

}  // namespace

ToolUnit get_video_growth_unit() {
  return ToolUnit{
      .name = "get_video_growth",
      .title = "Get views gained by tracked videos",
      .toolsets = {"videos"},
      .annotations = kReadOnlyTool,
      .description = kDescription,
      .guide = "how fast tracked videos grow: views gained over the last 1, 7, 30 (or any) days, many ids per call.",
      .check = {},
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) {
          return get_video_growth(client, arguments, context);
        };
      },
  };
}

}  // namespace ca::tools

// get_metrics: windowed sums for accounts (by id or handle), videos and account videos, in batches of 200.
#include <algorithm>
#include <map>
#include <set>

#include "client/url_encoding.hpp"
#include "schemas/schemas.hpp"
#include "tools/creator_analytics.hpp"
#include "tools/handle_resolver.hpp"
#include "tools/metric_sums.hpp"
#include "tools/product_tools.hpp"
#include "tools/sanitize.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "Metrics summed over a time window for tracked accounts, videos and account videos: views, plays, likes, "
    "comments, shares, engagement_rate ((likes+comments+shares) as % of views, 2 decimals; left out when views is "
    "0) and, for accounts, followers at the window's end. Pass ids from list_accounts as account_ids, or handles "
    "as accounts (\"instagram:natgeo\", \"tiktok:@khaby.lame\"; up to {accounts.maxItems}), plus any of "
    "video_ids, instagram_post_ids, tiktok_video_ids (up to {account_ids.maxItems} of each), and creator_ids (up "
    "to {creator_ids.maxItems}, from list_creators: the sums of their linked accounts); at least one id in all. period is 7d, 30d (default), 90d, or custom with start_date and end_date (YYYY-MM-DD). Costs one "
    "API request per {batch_size} ids of each kind (plus handle lookups, and one per creator); ask for many ids in one call rather than "
    "one call per id. Unknown ids and handles come back in not_found; a batch that failed is listed in errors "
    "(with its request_id) while the other rows are still returned. For lifetime totals or to find ids, use "
    "list_accounts.";

constexpr const char* kIdArguments[] = {"account_ids", "accounts", "video_ids", "instagram_post_ids",
                                        "tiktok_video_ids", "creator_ids"};

std::optional<ToolResult> check_arguments(const Json& arguments) {
  const bool any_ids = std::any_of(std::begin(kIdArguments), std::end(kIdArguments), [&](const char* name) {
    return arguments.contains(name) && !arguments[name].empty();
  });
  if (!any_ids) {
    return argument_error("account_ids",
                          "at least one id is needed in account_ids, accounts, video_ids, "
                          "instagram_post_ids, tiktok_video_ids or creator_ids",
                          "[\"0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b\"]");
  }
  for (const auto& handle : string_list(arguments, "accounts")) {
    if (!parse_platform_handle(handle)) {
      return argument_error("accounts", "each entry must be platform:username with platform instagram or tiktok",
                            "[\"instagram:natgeo\", \"tiktok:@khaby.lame\"]");
    }
  }
  const std::string period = optional_string(arguments, "period").value_or("30d");
  const auto start = optional_string(arguments, "start_date");
  const auto end = optional_string(arguments, "end_date");
  if (period == "custom") {
    if (!start || !end) {
      return argument_error(start ? "end_date" : "start_date",
                            "is required when period is custom (both start_date and end_date, YYYY-MM-DD)",
                            "{\"period\":\"custom\",\"start_date\":\"2026-06-01\",\"end_date\":\"2026-06-30\"}");
    }
    if (*start > *end) {  // YYYY-MM-DD compares correctly as text
      return argument_error("start_date", "must not be after end_date (" + *end + ")",
                            "{\"start_date\":\"2026-06-01\",\"end_date\":\"2026-06-30\"}");
    }
  } else if (start || end) {
    return argument_error(start ? "start_date" : "end_date",
                          "is only allowed with period custom; for " + period +
                              " the window ends today, so leave the dates out or set period to custom",
                          "{\"period\":\"custom\",\"start_date\":\"2026-06-01\",\"end_date\":\"2026-06-30\"}");
  }
  return std::nullopt;
}

const Json& output_property(const char* name) { return schemas::get("get_metrics.output")["properties"][name]; }

// One result row before it is placed in its map: which map, under which id.
struct Row {
  const char* map;  // "accounts", "videos", "instagram_posts", "tiktok_videos", "creators"
  std::string id;
  Json sums;
};

// Collects the rows, not_found entries, failures and window of several batch calls. Only ids that were asked
// for make rows or not_found entries: anything else the upstream sends is counted and left out.
class MetricsCollector {
 public:
  // `asked` are the ids as the client sent them (lower-case UUIDs, decimal integers); `map_of(id)` names the map
  // of each; `handle_of(id)` the handle an account id was resolved from.
  void add(const api::Result<api::BatchMetrics>& result, const std::vector<std::string>& asked,
           const std::function<const char*(const std::string&)>& map_of,
           const std::map<std::string, std::string>& handle_of = {}) {
    if (!result) {
      add_error(result.error(), asked);
      return;
    }
    const auto& batch = result.value();
    if (!window_.is_object() && batch.window.is_object()) window_ = batch.window;
    const std::set<std::string> wanted(asked.begin(), asked.end());
    std::set<std::string> answered;
    for (const auto& [id, values] : batch.rows) {
      if (!wanted.count(id) || !values.is_object() || !answered.insert(id).second) {
        ++unasked_;
        continue;
      }
      const auto handle = handle_of.find(id);
      rows_.push_back(Row{map_of(id), id, sums_of(handle == handle_of.end() ? nullptr : &handle->second, values)});
    }
    for (const auto& id : batch.not_found) {
      if (wanted.count(id) && !answered.count(id)) add_not_found(id);
    }
    for (const auto& failure : batch.failures) add_error(failure.error, failure.ids);
  }

  // One creator's analytics answer: a 404 is a creator this organization does not have (not_found), any other
  // failure an error of that creator alone. The API's window (its dates and days) is kept under the period asked,
  // since the endpoint only knows dates.
  void add_creator(const CreatorAnswer& creator, const std::string& asked_period) {
    if (!creator.answer) {
      if (creator.answer.error().status == 404) {
        add_not_found(creator.id);
      } else {
        add_error(creator.answer.error(), {creator.id});
      }
      return;
    }
    const Json* data = object_field(creator.answer.value(), "data");
    if (!data) {
      errors_.push_back({{"message", "The API's answer held no analytics for this creator."}, {"ids", {creator.id}}});
      return;
    }
    if (const Json* meta = object_field(creator.answer.value(), "meta"); meta && !window_.is_object()) {
      window_ = *meta;
      window_["period"] = asked_period;
    }
    rows_.push_back(Row{kMaps[4], creator.id, sums_of(nullptr, *data)});
  }

  void add_error(const api::ApiError& error, const std::vector<std::string>& ids) {
    errors_.push_back({{"message", describe_api_error(error)}, {"ids", ids}});
  }
  void add_not_found(const std::string& id) {
    if (std::find(not_found_.begin(), not_found_.end(), id) == not_found_.end()) not_found_.push_back(id);
  }

  bool nothing_but_errors() const { return rows_.empty() && not_found_.empty() && !errors_.empty(); }

  std::string error_text() const {
    std::string text;
    for (const auto& error : errors_) text += (text.empty() ? "" : "; ") + error["message"].get<std::string>();
    return text;
  }

  const std::vector<Row>& rows() const { return rows_; }
  std::size_t unasked() const { return unasked_; }

  // The result with the first `kept` rows. `asked` is the window requested; the API's resolved window (with
  // dates and days) replaces each part of it that is well-formed.
  Json output(const api::MetricsWindow& asked, std::size_t kept, const std::string& note) const {
    Json out = object_with_capacity(kOutputMembersMax);
    out["period"] = enum_field(window_, "period", output_property("period")["enum"]).value_or(asked.period);
    if (const auto start = date_field(window_, "start_date"); start || asked.start_date) {
      out["start_date"] = start ? *start : *asked.start_date;
    }
    if (const auto end = date_field(window_, "end_date"); end || asked.end_date) {
      out["end_date"] = end ? *end : *asked.end_date;
    }
    if (const auto days = count_field(window_, "days"); days && *days >= 1) out["days"] = *days;
    for (const char* map : kMaps) {
      const auto in_map = [&](std::size_t i) { return std::string_view(rows_[i].map) == map; };
      std::size_t count = 0;
      for (std::size_t i = 0; i < kept; ++i) count += in_map(i) ? 1 : 0;
      if (count == 0) continue;
      KeyedObject members(count);
      for (std::size_t i = 0; i < kept; ++i) {
        if (in_map(i)) members.set(rows_[i].id, rows_[i].sums);
      }
      out[map] = std::move(members).take();
    }
    out["returned"] = kept;
    if (!not_found_.empty()) out["not_found"] = not_found_;
    if (!errors_.empty()) out["errors"] = errors_;
    if (!note.empty()) out["note"] = note;
    return out;
  }

  static constexpr const char* kMaps[] = {"accounts", "videos", "instagram_posts", "tiktok_videos", "creators"};
  // Every member output() may write: the window (4), the maps, returned, not_found, errors, note.
  static constexpr std::size_t kOutputMembersMax = 4 + std::size(kMaps) + 4;

 private:
  Json window_;
  std::vector<Row> rows_;
  std::vector<std::string> not_found_;
  Json errors_ = Json::array();
  std::size_t unasked_ = 0;
};

ToolResult get_metrics(api::Client& client, const Json& arguments, ToolContext& context) {
  api::MetricsWindow window;
  window.period = optional_string(arguments, "period").value_or("30d");
  window.start_date = optional_string(arguments, "start_date");
  window.end_date = optional_string(arguments, "end_date");
  ProgressReporter progress(context);
  const api::CallOptions options = call_options(context, &progress);
  MetricsCollector collector;
  const auto lower_all = [](std::vector<std::string> ids) {
    for (auto& id : ids) id = api::ascii_lower(id);
    return ids;
  };

  // Accounts: explicit ids first, then the ids the handles resolved to (each id asked once).
  std::vector<std::string> account_ids = lower_all(string_list(arguments, "account_ids"));
  std::map<std::string, std::string> handle_of;
  if (const auto handles = string_list(arguments, "accounts"); !handles.empty()) {
    const ResolvedHandles resolved = resolve_handles(client, handles, options, progress);
    for (const auto& [handle, account] : resolved.accounts) {
      const auto id = uuid_field(account, "id");
      if (!id) {  // the listing matched the username but gave no usable id
        collector.add_not_found(handle);
        continue;
      }
      const std::string lower = api::ascii_lower(*id);
      handle_of.emplace(lower, handle);
      if (std::find(account_ids.begin(), account_ids.end(), lower) == account_ids.end()) account_ids.push_back(lower);
    }
    for (const auto& handle : resolved.not_found) collector.add_not_found(handle);
    for (const auto& [handle, error] : resolved.failed) collector.add_error(error, {handle});
  }
  if (!account_ids.empty()) {
    collector.add(
        client.account_metrics(account_ids, window, options), account_ids,
        [](const std::string&) { return MetricsCollector::kMaps[0]; }, handle_of);
  }
  if (const auto video_ids = lower_all(string_list(arguments, "video_ids")); !video_ids.empty()) {
    collector.add(client.video_metrics(video_ids, window, options), video_ids,
                  [](const std::string&) { return MetricsCollector::kMaps[1]; });
  }
  const auto instagram_ids = integer_list(arguments, "instagram_post_ids");
  const auto tiktok_ids = integer_list(arguments, "tiktok_video_ids");
  if (!instagram_ids.empty() || !tiktok_ids.empty()) {
    std::set<std::string> instagram;
    std::vector<std::string> asked;
    for (const auto id : instagram_ids) instagram.insert(std::to_string(id)), asked.push_back(std::to_string(id));
    for (const auto id : tiktok_ids) asked.push_back(std::to_string(id));
    collector.add(client.account_video_metrics(instagram_ids, tiktok_ids, window, options), asked,
                  [&](const std::string& id) { return MetricsCollector::kMaps[instagram.count(id) ? 2 : 3]; });
  }
  if (const auto creator_ids = lower_all(string_list(arguments, "creator_ids")); !creator_ids.empty()) {
    const api::Query dates = creator_window_query(window, context.clock->wall_now());
    for (const auto& answer : fetch_creator_analytics(client, creator_ids, dates, options, progress)) {
      collector.add_creator(answer, window.period);
    }
  }
  if (context.cancel.cancelled()) return ToolResult::error("Cancelled.");
  if (collector.nothing_but_errors()) return ToolResult::error(collector.error_text());

  std::string notes;
  if (collector.unasked() > 0) {
    notes = "The API also sent " + std::to_string(collector.unasked()) +
            " rows for ids that were not asked for (or twice, or not as an object); they were left out.";
  }
  // The budget cut measures whole results: rows stay in the order asked, and each kept row lands in its map.
  const auto& rows = collector.rows();
  const std::size_t budget = context.settings.text_budget_bytes;
  return as_result(longest_fitting_prefix(rows.size(), budget, [&](std::size_t kept) {
    std::string note = notes;
    if (kept < rows.size()) {
      note += (note.empty() ? "" : " ") +
              budget_note(kept, rows.size(), "rows", budget,
                          "Rows follow the order asked (accounts, videos, Instagram posts, TikTok videos, creators); call "
                          "get_metrics again for the ids from " + rows[kept].id + " on.");
    }
    return collector.output(window, kept, note);
  }));
}

}  // namespace

ToolUnit get_metrics_unit() {
  return ToolUnit{
      .name = "get_metrics",
      .title = "Get metrics for a time window",
      .toolsets = {"accounts", "videos", "creators"},
      .annotations = kReadOnlyTool,
      .description = kDescription,
      .guide = "views/likes/comments/shares/engagement over 7d, 30d, 90d or custom dates, for many ids or handles "
               "(instagram:natgeo) in one call; batch ids instead of calling once per id.",
      .check = check_arguments,
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) {
          return get_metrics(client, arguments, context);
        };
      },
  };
}

}  // namespace ca::tools

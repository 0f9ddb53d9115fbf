// get_metrics: windowed sums for accounts (by id or handle), videos and account videos, in batches of 200.
#include <algorithm>
#include <set>

#include "tools/handle_resolver.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_support.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "Metrics summed over a time window for tracked accounts, videos and account videos: views, plays, likes, "
    "comments, shares, engagement (likes+comments+shares), engagement_rate (% of views, 2 decimals; left out when "
    "views is 0) and, for accounts, followers at the window's end. Pass ids from list_accounts as account_ids, or "
    "handles as accounts (\"instagram:natgeo\", \"tiktok:@khaby.lame\"), plus any of video_ids, "
    "instagram_post_ids, tiktok_video_ids; up to 1000 of each, at least one id in all. period is 7d, 30d "
    "(default), 90d, or custom with start_date and end_date (YYYY-MM-DD). Costs one API request per 200 ids of "
    "each kind (plus handle lookups); ask for many ids in one call rather than one call per id. Unknown ids and "
    "handles come back in not_found; a batch that failed is listed in errors (with its request_id) while the "
    "other rows are still returned. For lifetime totals or to find ids, use list_accounts.";

constexpr const char* kIdArguments[] = {"account_ids", "accounts", "video_ids", "instagram_post_ids",
                                        "tiktok_video_ids"};

std::optional<ToolResult> check_arguments(const Json& arguments) {
  const bool any_ids = std::any_of(std::begin(kIdArguments), std::end(kIdArguments), [&](const char* name) {
    return arguments.contains(name) && !arguments[name].empty();
  });
  if (!any_ids) {
    return argument_error("account_ids",
                          "at least one id is needed in account_ids, accounts, video_ids, "
                          "instagram_post_ids or tiktok_video_ids",
                          "[\"0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b\"]");
  }
  if (arguments.contains("accounts")) {
    for (const auto& handle : arguments["accounts"]) {
      if (!parse_platform_handle(handle.get<std::string>())) {
        return argument_error("accounts", "each entry must be platform:username with platform instagram or tiktok",
                              "[\"instagram:natgeo\", \"tiktok:@khaby.lame\"]");
      }
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

std::vector<std::string> strings(const Json& arguments, const char* name) {
  std::vector<std::string> out;
  if (arguments.contains(name)) {
    for (const auto& value : arguments[name]) out.push_back(value.get<std::string>());
  }
  return out;
}

std::vector<std::int64_t> integers(const Json& arguments, const char* name) {
  std::vector<std::int64_t> out;
  if (arguments.contains(name)) {
    for (const auto& value : arguments[name]) out.push_back(value.get<std::int64_t>());
  }
  return out;
}

Json metrics_row(const std::string& id, const char* kind, const std::string* handle, const Json& values) {
  Json row = {{"id", id}, {"kind", kind}};
  if (handle) row["handle"] = *handle;
  for (const char* key : {"views", "plays", "likes", "comments", "shares", "engagement"}) {
    if (values.contains(key) && values[key].is_number()) row[key] = values[key];
  }
  const double views = values.value("views", 0.0);
  if (views > 0) row["engagement_rate"] = rounded_percentage(values.value("engagement", 0.0), views);
  if (values.contains("followers") && values["followers"].is_number()) row["followers"] = values["followers"];
  return row;
}

// Collects the rows, not_found entries, failures and window of several batch calls.
class MetricsCollector {
 public:
  // `kind_of(id)` names the kind of each row; `handle_of(id)` the handle it was resolved from, if any.
  void add(const api::Result<api::BatchMetrics>& result, const std::vector<std::string>& asked,
           const std::function<const char*(const std::string&)>& kind_of,
           const std::map<std::string, std::string>& handle_of = {}) {
    if (!result) {
      add_error(result.error(), asked);
      return;
    }
    const auto& batch = result.value();
    if (window_.is_null() && batch.window.is_object()) window_ = batch.window;
    for (const auto& [id, values] : batch.rows) {
      const auto handle = handle_of.find(id);
      rows_.push_back(metrics_row(id, kind_of(id), handle == handle_of.end() ? nullptr : &handle->second, values));
    }
    for (const auto& id : batch.not_found) not_found_.push_back(id);
    for (const auto& failure : batch.failures) add_error(failure.error, failure.ids);
  }

  void add_error(const api::ApiError& error, const std::vector<std::string>& ids) {
    errors_.push_back({{"message", describe_api_error(error)}, {"ids", ids}});
  }
  void add_not_found(const std::string& id) { not_found_.push_back(id); }

  bool nothing_but_errors() const { return rows_.empty() && not_found_.empty() && !errors_.empty(); }

  std::string error_text() const {
    std::string text;
    for (const auto& error : errors_) text += (text.empty() ? "" : "; ") + error["message"].get<std::string>();
    return text;
  }

  // `asked` is the window requested; the API's resolved window (with dates and days) replaces it when a batch
  // succeeded.
  Json output(const api::MetricsWindow& asked) {
    Json out = Json::object();
    out["period"] = asked.period;
    if (asked.start_date) out["start_date"] = *asked.start_date;
    if (asked.end_date) out["end_date"] = *asked.end_date;
    for (const char* key : {"period", "start_date", "end_date", "days"}) {
      if (window_.is_object() && window_.contains(key) && !window_[key].is_null()) out[key] = window_[key];
    }
    out["metrics"] = std::move(rows_);
    out["returned"] = 0;
    if (!not_found_.empty()) out["not_found"] = not_found_;
    if (!errors_.empty()) out["errors"] = errors_;
    return out;
  }

 private:
  Json window_;
  Json rows_ = Json::array();
  std::vector<std::string> not_found_;
  Json errors_ = Json::array();
};

class GetMetricsTool final : public ProductTool {
 public:
  GetMetricsTool() : ProductTool("get_metrics", "Get metrics for a time window", kDescription, kReadOnlyTool) {}

  ToolResult call(const Json& arguments, ToolContext& context) override {
    if (auto error = check_arguments(arguments)) return *error;
    if (!context.client) return missing_api_key_result();
    api::Client& client = *context.client;

    api::MetricsWindow window;
    window.period = optional_string(arguments, "period").value_or("30d");
    window.start_date = optional_string(arguments, "start_date");
    window.end_date = optional_string(arguments, "end_date");
    ProgressReporter progress(context);
    const api::CallOptions options = call_options(context, &progress);
    MetricsCollector collector;

    // Accounts: explicit ids first, then the ids the handles resolved to (each id asked once).
    std::vector<std::string> account_ids = strings(arguments, "account_ids");
    std::map<std::string, std::string> handle_of;
    if (const auto handles = strings(arguments, "accounts"); !handles.empty()) {
      const ResolvedHandles resolved = resolve_handles(client, handles, options, progress);
      for (const auto& [handle, account] : resolved.accounts) {
        const auto id = account["id"].get<std::string>();
        handle_of.emplace(id, handle);
        if (std::find(account_ids.begin(), account_ids.end(), id) == account_ids.end()) account_ids.push_back(id);
      }
      for (const auto& handle : resolved.not_found) collector.add_not_found(handle);
      for (const auto& [handle, error] : resolved.failed) collector.add_error(error, {handle});
    }
    if (!account_ids.empty()) {
      collector.add(
          client.account_metrics(account_ids, window, options), account_ids,
          [](const std::string&) { return "account"; }, handle_of);
    }
    if (const auto video_ids = strings(arguments, "video_ids"); !video_ids.empty()) {
      collector.add(client.video_metrics(video_ids, window, options), video_ids,
                    [](const std::string&) { return "video"; });
    }
    const auto instagram_ids = integers(arguments, "instagram_post_ids");
    const auto tiktok_ids = integers(arguments, "tiktok_video_ids");
    if (!instagram_ids.empty() || !tiktok_ids.empty()) {
      std::set<std::string> instagram;
      std::vector<std::string> asked;
      for (const auto id : instagram_ids) instagram.insert(std::to_string(id)), asked.push_back(std::to_string(id));
      for (const auto id : tiktok_ids) asked.push_back(std::to_string(id));
      collector.add(client.account_video_metrics(instagram_ids, tiktok_ids, window, options), asked,
                    [&](const std::string& id) { return instagram.count(id) ? "instagram_post" : "tiktok_video"; });
    }
    if (context.cancel.cancelled()) return ToolResult::error("Cancelled.");
    if (collector.nothing_but_errors()) return ToolResult::error(collector.error_text());

    Json output = collector.output(window);
    const std::size_t budget = context.settings.text_budget_bytes;
    const Json all_rows = output["metrics"];
    fit_rows_to_budget(output, "metrics", budget, [&](Json& result, std::size_t kept, std::size_t total) {
      result["returned"] = kept;
      if (kept < total) {
        result["note"] = "Showing " + std::to_string(kept) + " of " + std::to_string(total) +
                         " rows to stay under the " + std::to_string(budget) +
                         "-byte result limit. Rows follow the order asked (accounts, videos, Instagram posts, "
                         "TikTok videos); call get_metrics again for the ids from " +
                         all_rows[kept]["id"].get<std::string>() + " on.";
      }
    });
    return ToolResult::success(std::move(output));
  }
};

}  // namespace

std::unique_ptr<Tool> make_get_metrics_tool() { return std::make_unique<GetMetricsTool>(); }

}  // namespace ca::tools

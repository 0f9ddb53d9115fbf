#include "tools/creator_analytics.hpp"

#include <chrono>
#include <cstdio>

namespace ca::tools {
namespace {

std::string iso_date(std::chrono::sys_days day) {
  const std::chrono::year_month_day date(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

}  // namespace

api::Query creator_window_query(const api::MetricsWindow& window, WallTime now) {
  if (window.period == "custom" && window.start_date && window.end_date) {
    return {{"start_date", *window.start_date}, {"end_date", *window.end_date}};
  }
  const int days = window.period == "7d" ? 7 : window.period == "90d" ? 90 : 30;
  const auto today = std::chrono::floor<std::chrono::days>(now);
  return {{"start_date", iso_date(today - std::chrono::days(days - 1))}, {"end_date", iso_date(today)}};
}

std::vector<CreatorAnswer> fetch_creator_analytics(api::Client& client, const std::vector<std::string>& ids,
                                                   const api::Query& window, const api::CallOptions& options,
                                                   ProgressReporter& progress) {
  std::vector<CreatorAnswer> answers;
  for (const auto& id : ids) {
    if (options.cancel.cancelled()) break;  // the client ends a request at the deadline itself
    if (!answers.empty()) progress.step("fetched metrics of " + std::to_string(answers.size()) + " creators");
    answers.push_back({id, client.get("/creators/" + id + "/analytics", window, options)});
  }
  return answers;
}

}  // namespace ca::tools

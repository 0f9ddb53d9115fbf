#include "tools/creator_analytics.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>

#include "client/fan_out.hpp"

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
  std::atomic<std::size_t> fetched = 0;
  auto answers = api::parallel_requests<Json>(client, ids.size(), options, [&](std::size_t i) {
    auto answer = client.get("/creators/" + ids[i] + "/analytics", window, options);
    progress.step("fetched metrics of " + std::to_string(++fetched) + " of " + std::to_string(ids.size()) +
                  " creators");
    return answer;
  });
  std::vector<CreatorAnswer> out;
  out.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!answers[i] && options.cancel.cancelled()) break;  // not sent: the call is being cancelled
    out.push_back({ids[i], std::move(answers[i])});
  }
  return out;
}

}  // namespace ca::tools

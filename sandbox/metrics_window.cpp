#include "sandbox/metrics_window.hpp"

#include <algorithm>
#include <cmath>

#include "sandbox/determinism.hpp"
#include "sandbox/problem.hpp"

namespace ca::sandbox {

ca::Json Window::meta() const {
  return {{"period", period}, {"start_date", format_date(start)}, {"end_date", format_date(end)}, {"days", days()}};
}

static DayNumber required_date(const ca::Json& source, const char* field) {
  const auto it = source.find(field);
  if (it == source.end() || it->is_null()) throw Problem::validation(field, "is required when period is custom");
  if (!it->is_string()) throw Problem::validation(field, "must be a date (YYYY-MM-DD)");
  const auto day = parse_date(it->get<std::string>());
  if (!day) throw Problem::validation(field, "must be a date (YYYY-MM-DD)");
  return *day;
}

Window resolve_window(const std::string& period, const ca::Json& source, DayNumber today, bool allow_custom) {
  if (period == "7d" || period == "30d" || period == "90d") {
    const int days = std::stoi(period);
    return {period, today - days + 1, today};
  }
  if (period != "custom" || !allow_custom)
    throw Problem::validation("period", allow_custom ? "must be one of: 7d, 30d, 90d, custom"
                                                     : "must be one of: 7d, 30d, 90d");
  Window w{period, required_date(source, "start_date"), required_date(source, "end_date")};
  if (w.start > w.end) throw Problem::validation("start_date", "must not be after end_date");
  if (w.end > today) throw Problem::validation("end_date", "must not be in the future");
  if (w.days() > kMaxCustomSpanDays)
    throw Problem::validation("end_date", "window must span at most " + std::to_string(kMaxCustomSpanDays) + " days");
  return w;
}

Window previous_window(const Window& w) { return {w.period, w.start - w.days(), w.start - 1}; }

Sums& Sums::operator+=(const Sums& o) {
  views += o.views;
  plays += o.plays;
  likes += o.likes;
  comments += o.comments;
  shares += o.shares;
  return *this;
}

std::optional<double> Sums::engagement_rate() const {
  if (views == 0) return std::nullopt;
  return std::round(10000.0 * static_cast<double>(engagement()) / static_cast<double>(views)) / 100;
}

ca::Json Sums::to_json() const {
  return {{"views", views}, {"plays", plays},   {"likes", likes},
          {"comments", comments}, {"shares", shares}, {"engagement", engagement()}};
}

Sums window_sums(std::uint64_t seed, std::string_view entity_id, bool instagram, std::int64_t daily_views,
                 DayNumber first_day, const Window& w) {
  const std::uint64_t base = hash64(entity_id, seed);
  Sums s;
  for (DayNumber day = std::max(w.start, first_day); day <= w.end; ++day) {
    Rng rng(base ^ static_cast<std::uint64_t>(day));
    const std::int64_t views = daily_views * rng.range(50, 150) / 100;
    s.views += views;
    s.plays += instagram ? views * rng.range(80, 99) / 100 : views;
    const std::int64_t likes = views * rng.range(2, 9) / 100;
    s.likes += likes;
    s.comments += likes * rng.range(2, 8) / 100;
    s.shares += likes * rng.range(1, 6) / 100;
  }
  return s;
}

std::int64_t followers_at(std::uint64_t seed, std::string_view account_id, std::int64_t followers_today,
                          DayNumber today, DayNumber day) {
  // Steady growth of 0–0.2 % a day, so the count at an earlier day is today's minus the growth since.
  const std::int64_t per_day = followers_today * static_cast<std::int64_t>(hash64(account_id, seed ^ 0xf011) % 20) / 10'000;
  return std::max<std::int64_t>(0, followers_today - per_day * std::max<DayNumber>(0, today - day));
}

}  // namespace ca::sandbox

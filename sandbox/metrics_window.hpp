#pragma once
// Windowed metrics (reference S5/S6): the window a request names, and per-entity window sums built from daily
// values that depend only on (seed, entity id, day), so any window's sums are reproducible.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/json_util.hpp"
#include "sandbox/utc_time.hpp"

namespace ca::sandbox {

constexpr int kMaxCustomSpanDays = 366;

struct Window {
  std::string period;  // 7d, 30d, 90d or custom
  DayNumber start = 0, end = 0;
  int days() const { return static_cast<int>(end - start + 1); }
  ca::Json meta() const;  // {period, start_date, end_date, days}
};

// A window ending today for "7d"/"30d"/"90d"; with allow_custom, "custom" reads start_date/end_date from `source`.
// Throws Problem (422) for anything else.
Window resolve_window(const std::string& period, const ca::Json& source, DayNumber today, bool allow_custom);
// The window of the same length just before `w`.
Window previous_window(const Window& w);

struct Sums {
  std::int64_t views = 0, plays = 0, likes = 0, comments = 0, shares = 0;
  std::int64_t engagement() const { return likes + comments + shares; }
  // engagement / views as a percentage with 2 decimals (reference §15); none without views.
  std::optional<double> engagement_rate() const;
  Sums& operator+=(const Sums& o);
  ca::Json to_json() const;  // {views, plays, likes, comments, shares, engagement}
};

// Sum of daily values over `w`, counting only days from `first_day` (the entity's first refresh) on.
// `daily_views` sets the entity's size; TikTok has no separate plays (plays == views).
Sums window_sums(std::uint64_t seed, std::string_view entity_id, bool instagram, std::int64_t daily_views,
                 DayNumber first_day, const Window& w);

// Follower count at the end of `w` for an account that has `followers_today` now.
std::int64_t followers_at(std::uint64_t seed, std::string_view account_id, std::int64_t followers_today,
                          DayNumber today, DayNumber day);

}  // namespace ca::sandbox

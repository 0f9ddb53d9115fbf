// Windowed sums read from the API: the one mapping of {views, plays, likes, comments, shares, engagement,
// followers} to a result row, shared by every tool that reports metrics.
#include "tools/metric_sums.hpp"

#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {

Json sums_of(const std::string* handle, const Json& values) {
  Json row = Json::object();
  if (handle) row["handle"] = *handle;
  const auto views = count_field(values, "views");
  const auto plays = count_field(values, "plays");
  const auto likes = count_field(values, "likes");
  const auto comments = count_field(values, "comments");
  const auto shares = count_field(values, "shares");
  if (views) row["views"] = *views;
  if (plays && plays != views) row["plays"] = *plays;  // TikTok has no separate plays: plays == views there
  if (likes) row["likes"] = *likes;
  if (comments) row["comments"] = *comments;
  if (shares) row["shares"] = *shares;
  // engagement = likes + comments + shares; the API sends it, and it is derived here when it does not.
  auto engagement = count_field(values, "engagement");
  if (!engagement && likes && comments && shares) engagement = *likes + *comments + *shares;
  if (views && *views > 0 && engagement) {
    row["engagement_rate"] = rounded_percentage(static_cast<double>(*engagement), static_cast<double>(*views));
  }
  if (const auto followers = count_field(values, "followers")) row["followers"] = *followers;
  return row;
}

void put_lifetime_counts(Json& row, const Json& resource) {
  const auto views = count_field(resource, "view_count");
  const auto likes = count_field(resource, "like_count");
  const auto comments = count_field(resource, "comment_count");
  const auto shares = count_field(resource, "share_count");
  if (views) row["views"] = *views;
  if (likes) row["likes"] = *likes;
  if (comments) row["comments"] = *comments;
  if (shares) row["shares"] = *shares;
  if (views && *views > 0 && likes && comments && shares) {
    // Each term is at most 2^53, so the sum cannot overflow.
    row["engagement_rate"] =
        rounded_percentage(static_cast<double>(*likes + *comments + *shares), static_cast<double>(*views));
  }
}

}  // namespace ca::tools

#include "tools/account_view.hpp"

#include <algorithm>
#include <utility>

#include "tools/sanitize.hpp"
#include "tools/tool_support.hpp"

namespace ca::tools {
namespace {

bool is_empty(const Json& value) {
  return value.is_null() || ((value.is_string() || value.is_object() || value.is_array()) && value.empty());
}

void put(Json& row, const char* key, const Json& value) {
  if (!is_empty(value)) row[key] = sanitize_strings(value);
}

const Json& field(const Json& account, const char* key) {
  static const Json null_value;
  const auto it = account.find(key);
  return it == account.end() ? null_value : *it;
}

std::int64_t count(const Json& account, const char* key) {
  const Json& value = field(account, key);
  return value.is_number() ? value.get<std::int64_t>() : 0;
}

}  // namespace

const std::vector<std::string>& extra_account_fields() {
  static const std::vector<std::string> fields = {
      "description", "category", "creator_id", "is_verified", "is_unavailable", "link_in_bio",
      "profile_pic_url", "metadata", "added_at", "first_scrape_time", "scrape_interval_hours",
      "following_count", "profile_post_count", "total_post_count", "play_count", "saved_count",
      "fb_play_count", "ig_play_count", "fb_like_count", "effective_max_recent_posts_per_account",
      "effective_post_lookback_days"};
  return fields;
}

bool is_refreshed(const Json& account) {
  const Json& last = field(account, "last_scrape_time");
  return last.is_string() && !last.get_ref<const std::string&>().empty();
}

Json compact_account(const Json& account, const std::vector<std::string>& extra_fields) {
  Json row = Json::object();
  put(row, "id", field(account, "id"));
  put(row, "platform", field(account, "platform"));
  put(row, "username", field(account, "username"));
  put(row, "name", field(account, "name"));
  const bool refreshed = is_refreshed(account);
  if (refreshed) {
    put(row, "followers", field(account, "follower_count"));
    put(row, "views", field(account, "view_count"));
    put(row, "likes", field(account, "like_count"));
    put(row, "comments", field(account, "comment_count"));
    put(row, "shares", field(account, "share_count"));
    const auto views = count(account, "view_count");
    if (views > 0) {
      const auto engagement =
          count(account, "like_count") + count(account, "comment_count") + count(account, "share_count");
      row["engagement_rate"] = rounded_percentage(static_cast<double>(engagement), static_cast<double>(views));
    }
  }
  put(row, "is_active", field(account, "is_active"));
  row["last_scrape_time"] = refreshed ? field(account, "last_scrape_time") : Json(kPendingFirstRefresh);
  put(row, "creator_name", field(account, "creator_name"));
  for (const auto& name : extra_account_fields()) {
    const bool wanted = std::find(extra_fields.begin(), extra_fields.end(), name) != extra_fields.end();
    if (wanted) put(row, name.c_str(), field(account, name.c_str()));
  }
  return row;
}

}  // namespace ca::tools

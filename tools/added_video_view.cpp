#include "tools/added_video_view.hpp"

#include "schemas/schemas.hpp"
#include "tools/account_view.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

// The post's public address, from its shortcode (Instagram) or its account and id (TikTok).
std::optional<std::string> post_url(const std::string& platform, const Json& video) {
  if (platform == "instagram") {
    const auto shortcode = text_field(video, "shortcode");
    if (shortcode && shortcode->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
                         std::string::npos) {
      return "https://www.instagram.com/p/" + *shortcode + "/";
    }
    return std::nullopt;
  }
  const auto id = text_field(video, "external_id");
  const auto account = text_field(video, "account_username");
  if (!id || !account || id->find_first_not_of("0123456789") != std::string::npos ||
      account->find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._") != std::string::npos) {
    return std::nullopt;
  }
  return "https://www.tiktok.com/@" + *account + "/video/" + *id;
}

}  // namespace

std::optional<Json> compact_added_video(const Json& video) {
  static const Json& platforms = schemas::get("added_video_row")["properties"]["platform"]["enum"];
  if (!video.is_object()) return std::nullopt;
  const auto id = uuid_field(video, "id");
  const auto platform = enum_field(video, "platform", platforms);
  if (!id || !platform) return std::nullopt;
  Json row = {{"id", *id}, {"platform", *platform}};
  if (auto url = post_url(*platform, video)) row["url"] = std::move(*url);
  if (const auto account = text_field(video, "account_username")) row["account"] = *account;
  const auto last_scrape_time = text_field(video, "last_scrape_time");
  if (last_scrape_time) {
    const auto views = count_field(video, "view_count");
    const auto likes = count_field(video, "like_count");
    const auto comments = count_field(video, "comment_count");
    const auto shares = count_field(video, "share_count");
    if (views) row["views"] = *views;
    if (likes) row["likes"] = *likes;
    if (comments) row["comments"] = *comments;
    if (shares) row["shares"] = *shares;
    if (views && *views > 0 && likes && comments && shares) {
      row["engagement_rate"] =
          rounded_percentage(static_cast<double>(*likes + *comments + *shares), static_cast<double>(*views));
    }
  }
  if (bool_field(video, "is_active") == false) row["paused"] = true;
  row["last_scrape_time"] = last_scrape_time.value_or(kPendingFirstRefresh);
  return row;
}

}  // namespace ca::tools

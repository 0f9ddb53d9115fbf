#include "tools/video_view.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "client/url_encoding.hpp"
#include "schemas/schemas.hpp"
#include "tools/metric_sums.hpp"
#include "tools/account_handle.hpp"
#include "tools/sanitize.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

const Json& row_property(const std::string& name) { return schemas::get("video_row")["properties"][name]; }

// The API's name for a row field where it differs.
const char* api_key_of(const std::string& field) {
  if (field == "plays") return "play_count";
  if (field == "saves") return "saved_count";
  return field.c_str();
}

// A decimal id: a UUID for a tracked video, a positive integer for an account video.
std::optional<std::string> video_id(const Json& video) {
  if (auto uuid = uuid_field(video, "id")) return api::ascii_lower(*uuid);
  if (const auto number = count_field(video, "id"); number && *number > 0) return std::to_string(*number);
  return std::nullopt;
}

bool all_of_chars(const std::string& text, const char* allowed_punctuation) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](unsigned char c) {
    return std::isalnum(c) || (c != 0 && std::strchr(allowed_punctuation, c));
  });
}

}  // namespace

const std::vector<std::string>& extra_video_fields() {
  static const std::vector<std::string> fields = [] {
    std::vector<std::string> out;
    for (const auto& name : schemas::get("list_videos.input")["properties"]["fields"]["items"]["enum"]) {
      if (name != "all") out.push_back(name.get<std::string>());
    }
    return out;
  }();
  return fields;
}

std::optional<std::string> video_url(const std::string& platform, const Json& video) {
  if (platform == "instagram") {
    const auto shortcode = text_field(video, "shortcode");
    if (!shortcode || shortcode->size() > 64 || !all_of_chars(*shortcode, "-_")) return std::nullopt;
    return "https://www.instagram.com/p/" + *shortcode + "/";
  }
  const auto external = text_field(video, "external_id");
  const auto username = text_field(video, "account_username");
  const bool digits = external && std::all_of(external->begin(), external->end(),
                                              [](unsigned char c) { return std::isdigit(c) != 0; });
  if (!external || external->empty() || external->size() > 20 || !digits || !username ||
      !is_valid_username(*username)) {
    return std::nullopt;
  }
  return "https://www.tiktok.com/@" + *username + "/video/" + *external;
}

std::optional<Json> compact_video(const Json& video, const std::vector<std::string>& extra_fields) {
  if (!video.is_object()) return std::nullopt;
  const auto id = video_id(video);
  const auto platform = enum_field(video, "platform", row_property("platform")["enum"]);
  if (!id || !platform) return std::nullopt;

  Json row = {{"id", *id}, {"platform", *platform}};
  put_present(row, "url", video_url(*platform, video));
  // Tracked videos carry the caption as `description`, account videos as `caption`.
  auto caption = text_field(video, "caption");
  if (!caption) caption = text_field(video, "description");
  if (caption) row["caption"] = sanitize_text(*caption, kCaptionExcerptBytes);
  put_present(row, "account", text_field(video, "account_username"));
  put_present(row, "create_time", text_field(video, "create_time"));
  put_lifetime_counts(row, video);
  for (const auto& name : extra_video_fields()) {
    if (std::find(extra_fields.begin(), extra_fields.end(), name) == extra_fields.end()) continue;
    if (auto value = typed_field(video, api_key_of(name), row_property(name))) row[name] = std::move(*value);
  }
  return row;
}

}  // namespace ca::tools

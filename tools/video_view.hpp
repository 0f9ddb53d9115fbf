#pragma once
// The compact view of an API video, for list_videos (schema: schemas/video_row.json). One view for both kinds: a
// tracked video (GET /videos: UUID id, caption in `description`) and an account video (GET /account-videos:
// integer id, caption in `caption`).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/json_util.hpp"

namespace ca::tools {

// A caption is shown as its start: enough to recognise the video, not a wall of hashtags.
inline constexpr std::size_t kCaptionExcerptBytes = 160;

// The optional fields list_videos' `fields` can add, in row order: its schema's `fields` enum without "all".
const std::vector<std::string>& extra_video_fields();

// id, platform, url, caption (excerpt), account (username), create_time, views, likes, comments, shares,
// engagement_rate, then the requested extras, each read defensively (tools/upstream_fields.hpp). nullopt when the
// item lacks what identifies a row (a UUID or positive integer id, a known platform).
std::optional<Json> compact_video(const Json& video, const std::vector<std::string>& extra_fields = {});

// The public address of a post: https://www.instagram.com/p/<shortcode>/ or
// https://www.tiktok.com/@<username>/video/<id>; nullopt when the parts are missing or malformed.
std::optional<std::string> video_url(const std::string& platform, const Json& video);

}  // namespace ca::tools

#pragma once
// The compact view of the video add_video tracked (schema: schemas/added_video_row.json): id, platform, url,
// account, lifetime views/likes/comments/shares, engagement_rate, paused, last_scrape_time (or "pending first
// refresh", metrics then left out). nullopt when the video lacks a UUID id or a known platform.
#include <optional>

#include "common/json_util.hpp"

namespace ca::tools {

std::optional<Json> compact_added_video(const Json& video);

}  // namespace ca::tools

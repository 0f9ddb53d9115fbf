#pragma once
// add_video's `identifier` (a post or video URL, an Instagram shortcode, or a numeric id) as the video it names,
// so that a video that is already tracked can be found again in GET /videos without the 409 body's members.
#include <optional>
#include <string>
#include <string_view>

#include "common/json_util.hpp"

namespace ca::tools {

struct VideoReference {
  std::string platform;                  // instagram | tiktok
  std::optional<std::string> id;         // the platform's numeric media/video id, decimal, no leading zeros
  std::optional<std::string> shortcode;  // Instagram only
};

struct VideoReferenceParse {
  std::optional<VideoReference> video;
  std::string error;                    // when !video: the rule that failed, for an argument error
  std::string argument = "identifier";  // when !video: the argument at fault
};

// https://www.instagram.com/p/<shortcode>/ (also /reel/, /reels/, /tv/), a shortcode or a media id;
// https://www.tiktok.com/@user/video/<id> or a video id. A URL implies its platform; otherwise `platform` is needed.
VideoReferenceParse parse_video_reference(std::string_view identifier, const std::optional<std::string>& platform);

// true when the API video is the one referenced: same platform, and the same id (external_id) or shortcode.
bool is_same_video(const Json& video, const VideoReference& reference);

}  // namespace ca::tools

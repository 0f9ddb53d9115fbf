#pragma once
// What POST /videos accepts as `identifier` (reference 3.4: "a full URL, shortcode, or ID"), reduced to one
// canonical platform id so that every form of the same post is the same video (a duplicate → 409). An Instagram
// shortcode is the media id in base 64 (A–Z a–z 0–9 - _), so a shortcode and its numeric id name one post.
#include <cstdint>
#include <optional>
#include <string>

namespace ca::sandbox {

struct VideoIdentity {
  std::string external_id;       // decimal platform id, no leading zeros
  std::string shortcode;         // Instagram only
  std::string account_username;  // from a TikTok URL's /@user/ segment, lower-cased; else empty
};

// Throws a 422 Problem naming `identifier` when the text is none of the accepted forms.
VideoIdentity identify_video(const std::string& platform, const std::string& identifier);

std::string instagram_shortcode(std::uint64_t media_id);
std::optional<std::uint64_t> instagram_media_id(const std::string& shortcode);  // none: not base 64, or > 64 bits

}  // namespace ca::sandbox

#include "tools/video_reference.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <vector>

#include "client/url_encoding.hpp"
#include "tools/account_handle.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

// An Instagram shortcode is the media id written in base 64 with this alphabet (leading 'A's are zeros).
constexpr std::string_view kShortcodeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::size_t kMaxShortcodeLength = 64;

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool is_shortcode(std::string_view text) {
  return !text.empty() && text.size() <= kMaxShortcodeLength &&
         std::all_of(text.begin(), text.end(), [](char c) { return kShortcodeAlphabet.find(c) != std::string_view::npos; });
}

std::string without_leading_zeros(std::string_view digits) {
  const auto first = digits.find_first_not_of('0');
  return first == std::string_view::npos ? "0" : std::string(digits.substr(first));
}

// The media id a shortcode stands for; nullopt when it does not fit 64 bits (then only the shortcode is compared).
std::optional<std::string> media_id_of(std::string_view shortcode) {
  unsigned __int128 value = 0;
  for (const char c : shortcode) {
    value = value * 64 + kShortcodeAlphabet.find(c);
    if (value > UINT64_MAX) return std::nullopt;
  }
  return std::to_string(static_cast<std::uint64_t>(value));
}

VideoReferenceParse failure(std::string error, std::string argument = "identifier") {
  return VideoReferenceParse{std::nullopt, std::move(error), std::move(argument)};
}

VideoReferenceParse from_token(std::string_view token, const std::string& platform) {
  VideoReference video{platform, std::nullopt, std::nullopt};
  if (all_digits(token)) {
    video.id = without_leading_zeros(token);
  } else if (platform == "instagram" && is_shortcode(token)) {
    video.shortcode = std::string(token);
    video.id = media_id_of(token);
  } else {
    return failure(platform == "instagram" ? "must be an Instagram post URL, a shortcode or a numeric media id"
                                           : "must be a TikTok video URL (https://www.tiktok.com/@user/video/<id>) "
                                             "or a numeric video id");
  }
  if (video.id == "0") return failure("names no video: an id must be positive");
  return VideoReferenceParse{std::move(video), {}, "identifier"};
}

VideoReferenceParse from_url(std::string_view url, const std::optional<std::string>& platform) {
  std::string_view rest = url.substr(url.find("://") + 3);
  const auto path_start = rest.find_first_of("/?#");
  const std::string host = api::ascii_lower(std::string(rest.substr(0, path_start)));
  const auto url_platform = platform_of_host(host);
  if (!url_platform) return failure("must be an instagram.com or tiktok.com URL; \"" + host + "\" is neither");
  if (platform && *platform != *url_platform) {
    return failure("is a " + *url_platform + " URL but `platform` is " + *platform +
                       "; leave `platform` out or make it match",
                   "platform");
  }
  if (*url_platform == "tiktok" && host != "tiktok.com" && host != "www.tiktok.com" && host != "m.tiktok.com") {
    return failure("is a TikTok short link, which cannot be resolved here; open it and pass the full "
                   "https://www.tiktok.com/@user/video/<id> URL");
  }
  std::string_view path = path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
  path = path.substr(0, path.find_first_of("?#"));
  // The token follows /p/, /reel/, /reels/ or /tv/ on Instagram and /video/ on TikTok.
  const std::vector<std::string_view> markers = *url_platform == "instagram"
                                                    ? std::vector<std::string_view>{"/p/", "/reel/", "/reels/", "/tv/"}
                                                    : std::vector<std::string_view>{"/video/"};
  for (const auto marker : markers) {
    if (const auto at = path.find(marker); at != std::string_view::npos) {
      std::string_view token = path.substr(at + marker.size());
      token = token.substr(0, token.find('/'));
      return from_token(token, *url_platform);
    }
  }
  return failure(*url_platform == "instagram"
                     ? "must be an Instagram post URL such as https://www.instagram.com/p/<shortcode>/"
                     : "must be a TikTok video URL such as https://www.tiktok.com/@user/video/<id>");
}

}  // namespace

VideoReferenceParse parse_video_reference(std::string_view identifier, const std::optional<std::string>& platform) {
  while (!identifier.empty() && std::isspace(static_cast<unsigned char>(identifier.front()))) identifier.remove_prefix(1);
  while (!identifier.empty() && std::isspace(static_cast<unsigned char>(identifier.back()))) identifier.remove_suffix(1);
  if (identifier.find("://") != std::string_view::npos) return from_url(identifier, platform);
  const auto slash = identifier.find('/');
  if (slash != std::string_view::npos && platform_of_host(api::ascii_lower(std::string(identifier.substr(0, slash))))) {
    return from_url("https://" + std::string(identifier), platform);
  }
  if (!platform) {
    return failure("is needed unless identifier is a post or video URL (instagram or tiktok)", "platform");
  }
  return from_token(identifier, *platform);
}

bool is_same_video(const Json& video, const VideoReference& reference) {
  if (!video.is_object() || text_field(video, "platform") != reference.platform) return false;
  if (reference.id) {
    if (const auto id = text_field(video, "external_id"); id && all_digits(*id) && without_leading_zeros(*id) == *reference.id) {
      return true;
    }
    if (const auto id = count_value(video.value("external_id", Json())); id && std::to_string(*id) == *reference.id) {
      return true;
    }
  }
  return reference.shortcode && text_field(video, "shortcode") == reference.shortcode;
}

}  // namespace ca::tools

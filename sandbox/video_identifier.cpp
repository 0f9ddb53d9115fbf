#include "sandbox/video_identifier.hpp"

#include <algorithm>
#include <limits>

#include "sandbox/problem.hpp"
#include "sandbox/routes.hpp"

namespace ca::sandbox {
namespace {

constexpr std::string_view kShortcodeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// A positive decimal id that fits 64 bits, without leading zeros; none otherwise.
std::optional<std::string> numeric_id(const std::string& text) {
  if (!all_digits(text)) return std::nullopt;
  const std::string digits = text.substr(std::min(text.find_first_not_of('0'), text.size()));
  const std::string max = std::to_string(std::numeric_limits<std::uint64_t>::max());
  if (digits.empty() || digits.size() > max.size() || (digits.size() == max.size() && digits > max)) return std::nullopt;
  return digits;
}

// The path segment after `marker` in a URL, without query or fragment.
std::string segment_after(const std::string& url, const std::string& marker) {
  const auto at = url.find(marker);
  if (at == std::string::npos) return {};
  const auto start = at + marker.size();
  return url.substr(start, url.find_first_of("/?#", start) - start);
}

}  // namespace

std::string instagram_shortcode(std::uint64_t media_id) {
  std::string code;
  do {
    code.insert(code.begin(), kShortcodeAlphabet[media_id % 64]);
    media_id /= 64;
  } while (media_id > 0);
  return code;
}

std::optional<std::uint64_t> instagram_media_id(const std::string& shortcode) {
  if (shortcode.empty()) return std::nullopt;
  std::uint64_t id = 0;
  for (char c : shortcode) {
    const auto digit = kShortcodeAlphabet.find(c);
    if (digit == std::string_view::npos || id > (std::numeric_limits<std::uint64_t>::max() - digit) / 64)
      return std::nullopt;
    id = id * 64 + digit;
  }
  return id;
}

VideoIdentity identify_video(const std::string& platform, const std::string& identifier) {
  const bool url = identifier.find("://") != std::string::npos || identifier.find(".com/") != std::string::npos;
  VideoIdentity v;
  if (platform == "instagram") {
    std::string code = identifier;
    if (url) {
      for (const char* m : {"/p/", "/reel/", "/reels/", "/tv/"})
        if (code = segment_after(identifier, m); !code.empty()) break;
    }
    // All digits is the numeric media id; anything else must be a shortcode.
    std::optional<std::uint64_t> id;
    if (!all_digits(code)) {
      id = instagram_media_id(code);
    } else if (const auto digits = numeric_id(code)) {
      id = std::stoull(*digits);
    }
    if (!id || *id == 0)
      throw Problem::validation("identifier", "must be an Instagram post URL, shortcode or numeric id");
    v.external_id = std::to_string(*id);
    v.shortcode = instagram_shortcode(*id);
    return v;
  }
  const auto id = numeric_id(url ? segment_after(identifier, "/video/") : identifier);
  if (!id) throw Problem::validation("identifier", "must be a TikTok video URL or numeric id");
  v.external_id = *id;
  if (url) v.account_username = lower_ascii(segment_after(identifier, "/@"));
  return v;
}

}  // namespace ca::sandbox

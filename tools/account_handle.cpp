#include "tools/account_handle.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "client/url_encoding.hpp"

namespace ca::tools {
namespace {

std::string_view strip_at(std::string_view text) {
  if (!text.empty() && text.front() == '@') text.remove_prefix(1);
  return text;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

HandleParse failure(std::string error, std::string argument = "username") {
  return HandleParse{std::nullopt, std::move(error), std::move(argument)};
}

HandleParse parse_url(std::string_view url, const std::optional<std::string>& platform) {
  std::string_view rest = url.substr(url.find("://") + 3);
  const auto path_start = rest.find_first_of("/?#");
  const std::string host = api::ascii_lower(std::string(rest.substr(0, path_start)));
  const auto url_platform = platform_of_host(host);
  if (!url_platform) {
    return failure("must be an instagram.com or tiktok.com profile URL, a handle or an @handle; \"" + host +
                   "\" is neither platform's host");
  }
  if (platform && *platform != *url_platform) {
    return failure(
        "is a " + *url_platform + " URL but `platform` is " + *platform + "; leave `platform` out or make it match",
        "platform");
  }
  std::string_view path = path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
  path = path.substr(0, path.find_first_of("?#"));  // query strings and fragments are not part of the profile
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  const std::string_view segment = path.substr(0, path.find('/'));
  const bool tiktok = *url_platform == "tiktok";
  if (tiktok && (segment.empty() || segment.front() != '@')) {
    return failure("must be a TikTok profile URL of the form https://www.tiktok.com/@<handle>");
  }
  // Instagram's own top-level pages look like handles; a post or reel URL does not name its account.
  static const std::string_view kInstagramPages[] = {"p", "reel", "reels", "stories", "explore", "tv", "accounts"};
  const bool instagram_page = !tiktok && std::find(std::begin(kInstagramPages), std::end(kInstagramPages), segment) !=
                                             std::end(kInstagramPages);
  const std::string_view username = strip_at(segment);
  if (instagram_page || !is_valid_username(username)) {
    return failure(
        "must be a profile URL whose first path segment is the handle (letters, digits, '.', '_'), "
        "not a post or page URL");
  }
  return HandleParse{AccountHandle{*url_platform, api::ascii_lower(std::string(username))}, {}, {}};
}

}  // namespace

bool is_valid_username(std::string_view username) {
  if (username.empty() || username.size() > 64) return false;
  return std::all_of(username.begin(), username.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '_'; });
}

std::optional<std::string> platform_of_host(const std::string& host) {
  for (const char* platform : {"instagram", "tiktok"}) {
    const std::string domain = std::string(platform) + ".com";
    if (host == domain) return platform;
    if (host.size() > domain.size() && host.ends_with("." + domain)) return platform;
  }
  return std::nullopt;
}

HandleParse parse_profile_reference(std::string_view input, const std::optional<std::string>& platform) {
  input = trim(input);
  const auto scheme = input.find("://");
  if (scheme != std::string_view::npos) {
    const std::string scheme_name = api::ascii_lower(std::string(input.substr(0, scheme)));
    if (scheme_name != "https" && scheme_name != "http") return failure("must be an https:// profile URL");
    return parse_url(input, platform);
  }
  // A URL typed without its scheme ("instagram.com/natgeo") is still recognised by its host.
  const auto slash = input.find('/');
  if (slash != std::string_view::npos && platform_of_host(api::ascii_lower(std::string(input.substr(0, slash))))) {
    return parse_url("https://" + std::string(input), platform);
  }
  const std::string_view username = strip_at(input);
  if (!is_valid_username(username)) {
    return failure(
        "must be a handle of 1–64 letters, digits, '.' or '_' (optionally starting with @), or a "
        "profile URL");
  }
  if (!platform) return failure("is required (instagram or tiktok) unless `username` is a profile URL", "platform");
  return HandleParse{AccountHandle{*platform, api::ascii_lower(std::string(username))}, {}, {}};
}

std::optional<AccountHandle> parse_platform_handle(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string platform = api::ascii_lower(std::string(text.substr(0, colon)));
  if (platform != "instagram" && platform != "tiktok") return std::nullopt;
  const std::string_view username = strip_at(text.substr(colon + 1));
  if (!is_valid_username(username)) return std::nullopt;
  return AccountHandle{platform, api::ascii_lower(std::string(username))};
}

}  // namespace ca::tools

#pragma once
// Turning what a user types into (platform, username): add_account's `username` (handle, @handle or profile
// URL) and get_metrics' `accounts` entries (platform:handle).
#include <optional>
#include <string>
#include <string_view>

namespace ca::tools {

struct AccountHandle {
  std::string platform;  // instagram | tiktok
  std::string username;  // lower-case, without '@'
};

struct HandleParse {
  std::optional<AccountHandle> handle;
  std::string error;                  // when !handle: the rule that failed, for an argument error
  std::string argument = "username";  // when !handle: the argument at fault
};

// `input`: natgeo, @natgeo, https://www.instagram.com/natgeo/?hl=en, https://www.tiktok.com/@khaby.lame.
// `platform`: the explicit argument, if any. A URL implies its platform; an explicit one that differs is an error.
HandleParse parse_profile_reference(std::string_view input, const std::optional<std::string>& platform);

// "instagram:natgeo" or "tiktok:@khaby.lame".
std::optional<AccountHandle> parse_platform_handle(std::string_view text);

// The platform a URL's lower-case host belongs to (instagram.com, www.tiktok.com, ...), or nullopt.
std::optional<std::string> platform_of_host(const std::string& host);
// 1–64 characters of letters, digits, '.' and '_' (what both platforms allow).
bool is_valid_username(std::string_view username);

}  // namespace ca::tools

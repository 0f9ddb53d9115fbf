#include "tools/handle_resolver.hpp"

#include <algorithm>
#include <map>

#include "client/fan_out.hpp"
#include "client/url_encoding.hpp"

namespace ca::tools {
namespace {

// From this many handles on one platform, a probe page with the platform's total can beat one lookup per handle.
constexpr std::size_t kProbeThreshold = 3;
// A `q` lookup pages on only while the exact username has not shown up among the substring matches.
constexpr int kMaxLookupPages = 5;

// username → account for the wanted usernames found in `items` (exact, case-insensitive).
void match(const std::vector<Json>& items, const std::vector<std::string>& wanted, std::map<std::string, Json>& found) {
  for (const auto& item : items) {
    // Upstream JSON is read leniently: an item without a string username or id simply does not match.
    if (!item.contains("username") || !item["username"].is_string() || !item.contains("id") ||
        !item["id"].is_string()) {
      continue;
    }
    const auto username = api::ascii_lower(item["username"].get<std::string>());
    if (std::find(wanted.begin(), wanted.end(), username) != wanted.end()) {
      found.emplace(username, item);
    }
  }
}

// The requests of one platform's resolution. A scan's pages follow one another (each needs the last one's cursor);
// lookups are independent of each other and go out in parallel (client/fan_out.hpp).
class PlatformResolver {
 public:
  PlatformResolver(api::Client& client, const api::CallOptions& options, ProgressReporter& progress,
                   std::string platform)
      : client_(client), options_(options), progress_(progress), platform_(std::move(platform)) {}

  // With kProbeThreshold or more usernames: scans the platform, filling `found`. Sets `pending` to the usernames a
  // lookup must still resolve (none after a full scan); returns the error that stopped the scan.
  api::Result<bool> scan(const std::vector<std::string>& usernames, std::map<std::string, Json>& found,
                         std::vector<std::string>& pending) {
    pending.clear();
    if (usernames.size() < kProbeThreshold) {
      pending = usernames;
      return true;
    }
    if (auto error = scan_platform(usernames, found)) return *error;
    for (const auto& name : usernames) {
      if (!found.count(name) && !scanned_all_) pending.push_back(name);
    }
    return true;
  }

  // One handle by `q`, paging on while the exact username has not shown up: the account, or nullopt.
  api::Result<std::optional<Json>> lookup(const std::string& username) {
    api::AccountFilter filter;
    filter.platform = platform_;
    filter.q = username;
    filter.order_by = "username";  // the exact name sorts before longer names that start with it
    filter.order_direction = "asc";
    std::optional<std::string> cursor;
    std::map<std::string, Json> found;
    for (int page = 0; page < kMaxLookupPages && !found.count(username); ++page) {
      progress_.step("resolving " + platform_ + ":" + username);
      auto result = client_.list_accounts(filter, api::kMaxPageSize, cursor, options_);
      if (!result) return result.error();
      match(result.value().items, {username}, found);
      if (!result.value().has_next) break;
      cursor = result.value().next_cursor;
    }
    if (auto it = found.find(username); it != found.end()) return std::optional<Json>(std::move(it->second));
    return std::optional<Json>();
  }

 private:
  // One probe page with include_total; if paging through the rest costs no more than a lookup per unmatched
  // handle, page through it.
  std::optional<api::ApiError> scan_platform(const std::vector<std::string>& usernames,
                                             std::map<std::string, Json>& found) {
    api::AccountFilter filter;
    filter.platform = platform_;
    progress_.step("resolving " + platform_ + " handles");
    auto probe =
        client_.list(api::ListRequest{"/accounts", filter.to_query(), api::kMaxPageSize, std::nullopt, true}, options_);
    if (!probe) return probe.error();
    match(probe.value().items, usernames, found);
    if (!probe.value().has_next) {
      scanned_all_ = true;
      return std::nullopt;
    }
    const std::size_t unmatched = usernames.size() - found.size();
    const long total = probe.value().total_count.value_or(0);
    const std::size_t page = api::kMaxPageSize;
    const std::size_t remaining_pages =
        total > static_cast<long>(page) ? (static_cast<std::size_t>(total) - 1) / page : unmatched + 1;
    if (remaining_pages > unmatched) return std::nullopt;  // lookups are cheaper
    std::optional<std::string> cursor = probe.value().next_cursor;
    for (std::size_t page = 0; page < remaining_pages && cursor && found.size() < usernames.size(); ++page) {
      progress_.step("resolving " + platform_ + " handles");
      auto next = client_.list_accounts(filter, api::kMaxPageSize, cursor, options_);
      if (!next) return next.error();
      match(next.value().items, usernames, found);
      cursor = next.value().has_next ? next.value().next_cursor : std::nullopt;
    }
    scanned_all_ = true;
    return std::nullopt;
  }

  api::Client& client_;
  const api::CallOptions& options_;
  ProgressReporter& progress_;
  std::string platform_;
  bool scanned_all_ = false;
};

}  // namespace

ResolvedHandles resolve_handles(api::Client& client, const std::vector<std::string>& handles,
                                const api::CallOptions& options, ProgressReporter& progress) {
  std::map<std::string, std::vector<std::string>> usernames_by_platform;  // distinct, in order given
  for (const auto& text : handles) {
    const auto handle = parse_platform_handle(text);
    auto& usernames = usernames_by_platform[handle->platform];
    if (std::find(usernames.begin(), usernames.end(), handle->username) == usernames.end()) {
      usernames.push_back(handle->username);
    }
  }
  std::map<std::string, std::map<std::string, Json>> found;  // platform → username → account
  std::map<std::string, std::map<std::string, api::ApiError>> failures;
  std::vector<PlatformResolver> resolvers;
  std::vector<std::string> platforms;
  std::vector<const std::vector<std::string>*> usernames_of;
  for (const auto& [platform, usernames] : usernames_by_platform) {
    resolvers.emplace_back(client, options, progress, platform);
    platforms.push_back(platform);
    usernames_of.push_back(&usernames);
    found[platform];  // every map exists before the branches below write into their own
  }
  // The platforms' scans in parallel (each writes only its own platform's map), then every lookup still needed.
  std::vector<std::vector<std::string>> pending(resolvers.size());
  const auto scans = api::parallel_requests<bool>(client, resolvers.size(), options, [&](std::size_t p) {
    return resolvers[p].scan(*usernames_of[p], found.at(platforms[p]), pending[p]);
  });
  std::vector<std::pair<std::size_t, std::string>> lookups;  // (platform index, username)
  for (std::size_t p = 0; p < resolvers.size(); ++p) {
    const std::string& platform = platforms[p];
    if (!scans[p]) {
      for (const auto& name : *usernames_of[p])
        if (!found[platform].count(name)) failures[platform].emplace(name, scans[p].error());
      continue;
    }
    for (const auto& name : pending[p]) lookups.emplace_back(p, name);
  }
  const auto looked_up = api::parallel_requests<std::optional<Json>>(
      client, lookups.size(), options,
      [&](std::size_t i) { return resolvers[lookups[i].first].lookup(lookups[i].second); });
  for (std::size_t i = 0; i < lookups.size(); ++i) {
    const std::string& platform = platforms[lookups[i].first];
    if (!looked_up[i]) failures[platform].emplace(lookups[i].second, looked_up[i].error());
    else if (looked_up[i].value()) found[platform].emplace(lookups[i].second, *looked_up[i].value());
  }

  ResolvedHandles out;
  for (const auto& text : handles) {
    const auto handle = parse_platform_handle(text);
    const auto& accounts = found[handle->platform];
    if (const auto it = accounts.find(handle->username); it != accounts.end()) {
      out.accounts.emplace_back(text, it->second);
    } else if (const auto failure = failures[handle->platform].find(handle->username);
               failure != failures[handle->platform].end()) {
      out.failed.emplace_back(text, failure->second);
    } else {
      out.not_found.push_back(text);
    }
  }
  return out;
}

}  // namespace ca::tools

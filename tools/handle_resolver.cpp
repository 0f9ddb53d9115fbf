#include "tools/handle_resolver.hpp"

#include <algorithm>
#include <map>

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

class PlatformResolver {
 public:
  PlatformResolver(api::Client& client, const api::CallOptions& options, ProgressReporter& progress,
                   std::string platform)
      : client_(client), options_(options), progress_(progress), platform_(std::move(platform)) {}

  // Fills `found`; returns the first error that stopped a lookup (with the usernames it left unresolved).
  std::vector<std::pair<std::string, api::ApiError>> resolve(const std::vector<std::string>& usernames,
                                                             std::map<std::string, Json>& found) {
    std::vector<std::pair<std::string, api::ApiError>> failed;
    std::vector<std::string> pending = usernames;
    if (usernames.size() >= kProbeThreshold) {
      if (auto error = scan_platform(usernames, found)) {
        for (const auto& name : usernames) {
          if (!found.count(name)) failed.emplace_back(name, *error);
        }
        return failed;
      }
      pending.clear();
      for (const auto& name : usernames) {
        if (!found.count(name) && !scanned_all_) pending.push_back(name);
      }
    }
    for (const auto& name : pending) {
      if (auto error = lookup(name, found)) failed.emplace_back(name, *error);
    }
    return failed;
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

  std::optional<api::ApiError> lookup(const std::string& username, std::map<std::string, Json>& found) {
    api::AccountFilter filter;
    filter.platform = platform_;
    filter.q = username;
    filter.order_by = "username";  // the exact name sorts before longer names that start with it
    filter.order_direction = "asc";
    std::optional<std::string> cursor;
    for (int page = 0; page < kMaxLookupPages && !found.count(username); ++page) {
      progress_.step("resolving " + platform_ + ":" + username);
      auto result = client_.list_accounts(filter, api::kMaxPageSize, cursor, options_);
      if (!result) return result.error();
      match(result.value().items, {username}, found);
      if (!result.value().has_next) break;
      cursor = result.value().next_cursor;
    }
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
  for (const auto& [platform, usernames] : usernames_by_platform) {
    PlatformResolver resolver(client, options, progress, platform);
    for (auto& [name, error] : resolver.resolve(usernames, found[platform])) failures[platform].emplace(name, error);
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

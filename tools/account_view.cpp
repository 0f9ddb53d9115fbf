#include "tools/account_view.hpp"

#include <algorithm>

#include "schemas/schemas.hpp"
#include "tools/metric_sums.hpp"
#include "tools/sanitize.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

const Json& row_properties() {
  static const Json& properties = schemas::get("account_row").at("properties");
  return properties;
}

const Json& row_property(const std::string& name) { return row_properties().at(name); }

// The most members a row has without optional fields: id, platform, username, name, followers, the four lifetime
// counts and engagement_rate, paused, last_scrape_time, creator_name. A row is sized for these plus the fields
// asked for; sizing it for every property the schema knows (34) held a kilobyte per row for nothing.
constexpr std::size_t kFixedRowMembers = 13;

}  // namespace

const std::vector<std::string>& extra_account_fields() {
  static const std::vector<std::string> fields = [] {
    std::vector<std::string> out;
    for (const auto& name : schemas::get("list_accounts.input")["properties"]["fields"]["items"]["enum"]) {
      if (name != "all") out.push_back(name.get<std::string>());
    }
    return out;
  }();
  return fields;
}

std::vector<std::string> account_members_read(const std::vector<std::string>& extra_fields) {
  std::vector<std::string> members = {"id",         "platform",      "username",    "name",
                                      "last_scrape_time", "follower_count", "view_count", "like_count",
                                      "comment_count",    "share_count",    "is_active",  "creator_name"};
  for (const auto& name : extra_account_fields()) {
    if (std::find(extra_fields.begin(), extra_fields.end(), name) != extra_fields.end()) members.push_back(name);
  }
  return members;
}

bool is_refreshed(const Json& account) { return text_field(account, "last_scrape_time").has_value(); }

std::optional<Json> compact_account(const Json& account, const std::vector<std::string>& extra_fields) {
  auto id = uuid_field(account, "id");
  static const Json& platforms = row_property("platform").at("enum");
  auto platform = enum_field(account, "platform", platforms);
  auto username = text_field(account, "username");
  if (!id || !platform || !username) return std::nullopt;

  Json row = object_with_capacity(kFixedRowMembers + extra_fields.size());
  row["id"] = std::move(*id);
  row["platform"] = std::move(*platform);
  row["username"] = std::move(*username);
  put_present(row, "name", text_field(account, "name"));
  auto last_scrape_time = text_field(account, "last_scrape_time");
  if (last_scrape_time) {
    put_present(row, "followers", count_field(account, "follower_count"));
    put_lifetime_counts(row, account);
  }
  // Tracking is active for almost every account: only a paused one (is_active false) says so, which keeps rows
  // short, and a flag that is present only when true reads unambiguously.
  if (bool_field(account, "is_active") == false) row["paused"] = true;
  row["last_scrape_time"] = std::move(last_scrape_time).value_or(kPendingFirstRefresh);
  put_present(row, "creator_name", text_field(account, "creator_name"));
  if (extra_fields.empty()) return row;
  for (const auto& name : extra_account_fields()) {  // in this order, whatever order they were asked in
    if (std::find(extra_fields.begin(), extra_fields.end(), name) == extra_fields.end()) continue;
    if (auto value = typed_field(account, name.c_str(), row_property(name))) row[name] = std::move(*value);
  }
  return row;
}

}  // namespace ca::tools

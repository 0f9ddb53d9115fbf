#include "tools/account_view.hpp"

#include <algorithm>

#include "schemas/schemas.hpp"
#include "tools/sanitize.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

const Json& row_property(const std::string& name) { return schemas::get("account_row")["properties"][name]; }

template <class T>
void put(Json& row, const char* key, const std::optional<T>& value) {
  if (value) row[key] = *value;
}

// An extra field read by the type its row schema gives it.
std::optional<Json> extra_value(const Json& account, const std::string& name) {
  const Json& property = row_property(name);
  const std::string type = property.value("type", "");
  const char* key = name.c_str();
  if (type == "string") {
    const auto text = property.value("format", "") == "uuid" ? uuid_field(account, key) : text_field(account, key);
    return text ? std::optional<Json>(*text) : std::nullopt;
  }
  if (type == "integer") {
    const auto count = count_field(account, key);
    return count ? std::optional<Json>(*count) : std::nullopt;
  }
  if (type == "boolean") {
    const auto flag = bool_field(account, key);
    return flag ? std::optional<Json>(*flag) : std::nullopt;
  }
  if (type == "object") return metadata_field(account, key);
  return std::nullopt;
}

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

bool is_refreshed(const Json& account) { return text_field(account, "last_scrape_time").has_value(); }

std::optional<Json> compact_account(const Json& account, const std::vector<std::string>& extra_fields) {
  const auto id = uuid_field(account, "id");
  const auto platform = enum_field(account, "platform", row_property("platform")["enum"]);
  const auto username = text_field(account, "username");
  if (!id || !platform || !username) return std::nullopt;

  Json row = {{"id", *id}, {"platform", *platform}, {"username", *username}};
  put(row, "name", text_field(account, "name"));
  const auto last_scrape_time = text_field(account, "last_scrape_time");
  if (last_scrape_time) {
    put(row, "followers", count_field(account, "follower_count"));
    const auto views = count_field(account, "view_count");
    const auto likes = count_field(account, "like_count");
    const auto comments = count_field(account, "comment_count");
    const auto shares = count_field(account, "share_count");
    put(row, "views", views);
    put(row, "likes", likes);
    put(row, "comments", comments);
    put(row, "shares", shares);
    if (views && *views > 0 && likes && comments && shares) {
      // Each term is at most 2^53, so the sum cannot overflow.
      row["engagement_rate"] =
          rounded_percentage(static_cast<double>(*likes + *comments + *shares), static_cast<double>(*views));
    }
  }
  // Tracking is active for almost every account: only a paused one (is_active false) says so, which keeps rows
  // short, and a flag that is present only when true reads unambiguously.
  if (bool_field(account, "is_active") == false) row["paused"] = true;
  row["last_scrape_time"] = last_scrape_time.value_or(kPendingFirstRefresh);
  put(row, "creator_name", text_field(account, "creator_name"));
  for (const auto& name : extra_account_fields()) {
    if (std::find(extra_fields.begin(), extra_fields.end(), name) == extra_fields.end()) continue;
    if (auto value = extra_value(account, name)) row[name] = std::move(*value);
  }
  return row;
}

}  // namespace ca::tools

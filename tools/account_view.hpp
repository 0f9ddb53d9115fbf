#pragma once
// The compact view of an API Account, shared by list_accounts and add_account (schema: schemas/account_row.json).
#include <optional>
#include <string>
#include <vector>

#include "common/json_util.hpp"

namespace ca::tools {

// The value of last_scrape_time for an account whose first refresh has not landed.
inline constexpr const char* kPendingFirstRefresh = "pending first refresh";

// The optional fields list_accounts' `fields` can add, in row order: its schema's `fields` enum without "all"
// (the one place they are listed).
const std::vector<std::string>& extra_account_fields();

// id, platform, username, name, followers, views, likes, comments, shares, engagement_rate, paused (only when
// true, from is_active false), last_scrape_time, creator_name, then the requested extras, each read defensively (tools/upstream_fields.hpp):
// a value that does not fit the row schema is left out. Before the first refresh the metrics are left out (they
// are not zero, just unknown). nullopt when the account lacks what identifies a row (a UUID id, a known platform,
// a username): such an item is dropped, not shown half-made.
std::optional<Json> compact_account(const Json& account, const std::vector<std::string>& extra_fields = {});

// Every API Account member compact_account(account, extra_fields) reads: a listing may drop the others while it
// parses (api::ListRequest::item_fields). Kept beside compact_account so the two change together.
std::vector<std::string> account_members_read(const std::vector<std::string>& extra_fields);

// true once the account's first refresh has landed (last_scrape_time is a non-empty string).
bool is_refreshed(const Json& account);

}  // namespace ca::tools

#pragma once
// The compact view of an API Account, shared by list_accounts and add_account (schema: schemas/account_row.json).
#include <string>
#include <vector>

#include "common/json_util.hpp"

namespace ca::tools {

// The value of last_scrape_time for an account whose first refresh has not landed.
inline constexpr const char* kPendingFirstRefresh = "pending first refresh";

// The optional fields list_accounts' `fields` can add ("all" = every one), in row order.
const std::vector<std::string>& extra_account_fields();

// id, platform, username, name, followers, views, likes, comments, shares, engagement_rate, is_active,
// last_scrape_time, creator_name, then the requested extras. Nulls and empty strings/objects are left out;
// strings are sanitized. Before the first refresh the metrics are left out (they are not zero, just unknown).
Json compact_account(const Json& account, const std::vector<std::string>& extra_fields = {});

// true once the account's first refresh has landed.
bool is_refreshed(const Json& account);

}  // namespace ca::tools

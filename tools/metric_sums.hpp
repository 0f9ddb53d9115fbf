#pragma once
#include <string>

#include "common/json_util.hpp"

namespace ca::tools {

// The sums of one entity from the API's values, read defensively: counts that are not counts are left out. Keys:
// handle (when given), views, plays (only when it differs from views, as on Instagram), likes, comments, shares,
// engagement_rate (% of views, 2 decimals; derived when the API sends no engagement; left out when views is 0),
// followers.
Json sums_of(const std::string* handle, const Json& values);

// The lifetime counts of an API resource (account or video: view_count, like_count, comment_count, share_count)
// added to `row` as views, likes, comments, shares, each read defensively, and engagement_rate (% of views, 2
// decimals) when all four are known and views is not 0.
void put_lifetime_counts(Json& row, const Json& resource);

}  // namespace ca::tools

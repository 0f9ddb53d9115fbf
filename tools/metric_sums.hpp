#pragma once
#include <string>

#include "common/json_util.hpp"

namespace ca::tools {

// The sums of one entity from the API's values, read defensively: counts that are not counts are left out. Keys:
// handle (when given), views, plays (only when it differs from views, as on Instagram), likes, comments, shares,
// engagement_rate (% of views, 2 decimals; derived when the API sends no engagement; left out when views is 0),
// followers.
Json sums_of(const std::string* handle, const Json& values);

}  // namespace ca::tools

#pragma once
// Everything that goes into a request target passes through here: query values are percent-encoded (RFC 3986
// unreserved characters only stay literal) and path ids are checked before they are spliced into a path.
#include <string>
#include <utility>
#include <vector>

namespace ca::api {

std::string percent_encode(const std::string& value);

// ASCII lower case: host names, schemes and UUIDs compare case-insensitively.
std::string ascii_lower(std::string s);

// "?k1=v1&k2=v2" with keys and values encoded, or "" for an empty query.
std::string encode_query(const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace ca::api

#pragma once
// Parsing an upstream body into only what the caller reads. A list page carries about 25 members per item while a
// tool's row uses about a dozen: building (and later freeing) the others was the largest share of a list call's
// CPU. Members are dropped while parsing (nlohmann's parse callback), so they are never allocated into the tree.
#include <memory>
#include <string>
#include <vector>

#include "common/json_util.hpp"

namespace ca::api {

// The members a caller reads from each object of a response's top-level "data" array; empty = every member.
using ItemFields = std::shared_ptr<const std::vector<std::string>>;

// The body parsed (a discarded value when it is not JSON, as Json::parse(body, nullptr, false) gives), with each
// object in its top-level "data" array keeping only the members in `item_fields`. Everything else (pagination,
// meta, nested values of kept members) is kept whole.
Json parse_upstream_body(const std::string& body, const ItemFields& item_fields);

}  // namespace ca::api

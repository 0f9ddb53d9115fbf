#pragma once
// The compact view of an API Creator (CreatorResponse), shared by list_creators, add_creator and update_creator
// (schema: schemas/creator_row.json).
#include <optional>

#include "common/json_util.hpp"

namespace ca::tools {

// id, name, archived (only when true, from is_active false), accounts (linked accounts), followers (their sum),
// instagram / tiktok (linked accounts per platform, when not 0), metadata; each read defensively
// (tools/upstream_fields.hpp). nullopt when the creator has no UUID id: such an item is dropped.
std::optional<Json> compact_creator(const Json& creator);

// The API's count of linked accounts (accounts_summary.total), when it gives a usable one.
std::optional<std::int64_t> linked_account_count(const Json& creator);

}  // namespace ca::tools

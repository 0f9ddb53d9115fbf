#pragma once
// The limits of a creator's `metadata` argument (add_creator, update_creator) that the schema validator does not
// check itself: the number of tags (maxProperties) and the key length (propertyNames). Both are read from
// schemas/metadata_argument.json, the one place they are written.
#include <optional>

#include "tools/tool.hpp"

namespace ca::tools {

std::optional<ToolResult> check_creator_metadata(const Json& arguments);

}  // namespace ca::tools

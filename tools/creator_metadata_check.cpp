#include "tools/creator_metadata_check.hpp"

#include "common/utf8.hpp"
#include "schemas/schemas.hpp"
#include "tools/tool_support.hpp"

namespace ca::tools {

std::optional<ToolResult> check_creator_metadata(const Json& arguments) {
  const auto it = arguments.find("metadata");
  if (it == arguments.end() || !it->is_object()) return std::nullopt;
  static const Json& schema = schemas::get("metadata_argument");
  static const std::size_t max_tags = schema["maxProperties"].get<std::size_t>();
  static const std::size_t max_key = schema["propertyNames"]["maxLength"].get<std::size_t>();
  if (it->size() > max_tags) {
    return argument_error("metadata", "holds at most " + std::to_string(max_tags) + " tags (got " +
                                          std::to_string(it->size()) + ")",
                          "{\"tier\":\"gold\"}");
  }
  for (const auto& [key, value] : it->items()) {
    const std::size_t length = utf8_length(key);
    if (length == 0 || length > max_key) {
      return argument_error("metadata", "keys must be 1 to " + std::to_string(max_key) + " characters long",
                            "{\"tier\":\"gold\"}");
    }
  }
  return std::nullopt;
}

}  // namespace ca::tools

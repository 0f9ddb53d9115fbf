#include "server/tool_rendering.hpp"

#include "server/protocol_version.hpp"

namespace ca::server {
namespace {

Json text_content(std::string text) { return Json::array({{{"type", "text"}, {"text", std::move(text)}}}); }

}  // namespace

Json render_tool(const tools::ToolDefinition& definition, const std::string& version) {
  Json tool = {{"name", definition.name}};
  if (has_structured_output(version) && !definition.title.empty()) tool["title"] = definition.title;
  tool["description"] = definition.description;
  tool["inputSchema"] = definition.input_schema;
  if (has_structured_output(version) && !definition.output_schema.is_null()) {
    tool["outputSchema"] = definition.output_schema;
  }
  if (has_annotations(version)) {
    const auto& a = definition.annotations;
    tool["annotations"] = {{"readOnlyHint", a.read_only},
                           {"destructiveHint", a.destructive},
                           {"idempotentHint", a.idempotent},
                           {"openWorldHint", a.open_world}};
  }
  return tool;
}

Json render_result(tools::ToolResult result, const std::string& version) {
  if (result.is_error) return error_result(result.error_message);
  // Room for structuredContent: growing an object copies its members, the text copy among them.
  Json rendered = object_with_capacity(2);
  rendered["content"] = text_content(dump_compact(result.structured));
  // structuredContent must be an object; anything else travels as the text copy only.
  if (has_structured_output(version) && result.structured.is_object()) {
    rendered["structuredContent"] = std::move(result.structured);
  }
  return rendered;
}

Json error_result(const std::string& message) { return {{"content", text_content(message)}, {"isError", true}}; }

}  // namespace ca::server

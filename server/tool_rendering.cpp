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
  // Room for structuredContent, and for resultType and _meta in 2026-07-28 (modern_envelope.cpp): growing an object
  // copies its members, the text copy among them.
  Json rendered = object_with_capacity(4);
  std::string text = result.text.empty() ? dump_compact(result.structured) : std::move(result.text);
  // structuredContent must be an object; anything else travels as the text copy only. Its text is the text copy's
  // own bytes, so the protocol line copies them rather than serialising the tree a second time.
  Json structured = has_structured_output(version) && result.structured.is_object() ? already_serialized(text)
                                                                                     : Json();
  rendered["content"] = text_content(std::move(text));
  if (!structured.is_null()) rendered["structuredContent"] = std::move(structured);
  return rendered;
}

Json error_result(const std::string& message) { return {{"content", text_content(message)}, {"isError", true}}; }

}  // namespace ca::server

#include <cassert>

#include <spdlog/spdlog.h>

#include "tools/sanitize.hpp"
#include "tools/schema_validator.hpp"
#include "tools/tool.hpp"

namespace ca::tools {
namespace {

// An exception's text can carry upstream bytes (a parser quoting its input); it reaches the model bounded.
constexpr std::size_t kMaxExceptionTextBytes = 200;

ToolResult call_catching(Tool& tool, const Json& arguments, ToolContext& context) {
  const std::string& name = tool.definition().name;
  try {
    return tool.call(arguments, context);
  } catch (const std::exception& e) {
    spdlog::error("tool {} threw: {}", name, e.what());
    return ToolResult::error("The tool " + name +
                             " failed unexpectedly: " + sanitize_text(e.what(), kMaxExceptionTextBytes));
  } catch (...) {
    spdlog::error("tool {} threw a non-standard exception", name);
    return ToolResult::error("The tool " + name + " failed unexpectedly.");
  }
}

// A success that breaks the tool's own contract is the server's defect: the client would reject it (the SDKs
// validate structuredContent against outputSchema), so it is logged and replaced by an isError the model can read.
std::optional<ToolResult> contract_breach(const ToolDefinition& definition, const ToolResult& result) {
  if (definition.output_schema.is_null()) return std::nullopt;
  const auto problem = validate_result(result.structured, definition.output_schema);
  if (!problem) return std::nullopt;
  spdlog::error("tool {} produced a result that breaks its output schema (a server defect): {}", definition.name,
                *problem);
  return ToolResult::error("The tool " + definition.name +
                           " produced a result that does not match its own output schema. This is a defect in the "
                           "server and it was logged; the same call may work with other arguments or later.");
}

}  // namespace

ToolResult ToolResult::success(Json structured, std::string text) {
  return ToolResult{std::move(structured), {}, false, std::move(text)};
}
ToolResult ToolResult::error(std::string message) { return ToolResult{nullptr, std::move(message), true, {}}; }

void ToolRegistry::add(std::unique_ptr<Tool> tool) {
  enabled_.push_back(tool.get());
  entries_.push_back(Entry{std::move(tool), std::nullopt});
}

void ToolRegistry::add_disabled(std::unique_ptr<Tool> tool, std::string refusal) {
  entries_.push_back(Entry{std::move(tool), std::move(refusal)});
}

Tool* ToolRegistry::find(const std::string& name) const {
  for (const auto& entry : entries_) {
    if (entry.tool->definition().name == name) return entry.tool.get();
  }
  return nullptr;
}

ToolResult ToolRegistry::run(Tool& tool, const Json& arguments, ToolContext& context) const {
  for (const auto& entry : entries_) {
    if (entry.tool.get() == &tool && entry.refusal) return ToolResult::error(*entry.refusal);
  }
  const ToolDefinition& definition = tool.definition();
  if (auto invalid = validate_arguments(arguments, definition.input_schema)) return ToolResult::error(*invalid);
  ToolResult result = call_catching(tool, with_schema_defaults(arguments, definition.input_schema), context);
  if (result.is_error) return result;
  if (auto breach = contract_breach(definition, result)) return *breach;
  // A text written before the result's last change would contradict structuredContent (the sanitized test build,
  // a Debug build, checks every result that carries one).
  assert(result.text.empty() || result.text == dump_compact(result.structured));
  return result;
}

}  // namespace ca::tools

#include "tools/tool.hpp"

namespace ca::tools {

ToolResult ToolResult::success(Json structured) { return ToolResult{std::move(structured), {}, false}; }
ToolResult ToolResult::error(std::string message) { return ToolResult{nullptr, std::move(message), true}; }

void ToolRegistry::add(std::unique_ptr<Tool> tool) { tools_.push_back(std::move(tool)); }

Tool* ToolRegistry::find(const std::string& name) const {
  for (const auto& tool : tools_) {
    if (tool->definition().name == name) return tool.get();
  }
  return nullptr;
}

}  // namespace ca::tools

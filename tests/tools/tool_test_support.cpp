#include "tool_test_support.hpp"

#include <catch2/catch.hpp>

namespace ca::tools::testing {

const ToolRegistry& product_registry() {
  static const ToolRegistry registry = [] {
    ToolRegistry r;
    register_product_tools(r);
    return r;
  }();
  return registry;
}

Tool& product_tool(const std::string& name) {
  Tool* tool = product_registry().find(name);
  REQUIRE(tool != nullptr);
  return *tool;
}

ToolResult call_tool(const std::string& name, const Json& arguments, ToolContext& context) {
  Tool& tool = product_tool(name);
  if (auto problem = validate_arguments(arguments, tool.definition().input_schema)) return ToolResult::error(*problem);
  ToolResult result = tool.call(arguments, context);
  if (!result.is_error) {
    const auto problem = validate_arguments(result.structured, tool.definition().output_schema);
    INFO(dump_compact(result.structured).substr(0, 2000));
    CHECK(problem.value_or("") == "");
  }
  return result;
}

}  // namespace ca::tools::testing

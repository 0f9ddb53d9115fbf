#include "tool_test_support.hpp"

#include <catch2/catch.hpp>

namespace ca::tools::testing {

const ToolRegistry& product_registry() {
  static const ToolRegistry registry = build_product_registry(nullptr);
  return registry;
}

const ToolRegistry& every_tool_registry() {
  static const ToolRegistry registry = [] {
    ToolSelection everything;
    for (const auto& unit : product_tool_units()) everything.tools.push_back(unit.name);
    return build_product_registry(nullptr, everything);
  }();
  return registry;
}

Tool& find_tool(const ToolRegistry& registry, const std::string& name) {
  Tool* tool = registry.find(name);
  REQUIRE(tool != nullptr);
  return *tool;
}

ToolResult call_tool(const ToolRegistry& registry, const std::string& name, const Json& arguments,
                     ToolContext& context) {
  Tool& tool = find_tool(registry, name);
  ToolResult result = registry.run(tool, arguments, context);
  INFO(name << " " << dump_compact(arguments).substr(0, 300));
  if (result.is_error) {
    INFO(result.error_message);
    CHECK_THAT(result.error_message, !Catch::Contains("failed unexpectedly") &&
                                         !Catch::Contains("does not match its own output schema"));
  } else {
    const auto problem = validate_result(result.structured, tool.definition().output_schema);
    INFO(dump_compact(result.structured).substr(0, 2000));
    CHECK(problem.value_or("") == "");
  }
  return result;
}

ToolResult call_tool(const std::string& name, const Json& arguments, ToolContext& context) {
  return call_tool(product_registry(), name, arguments, context);
}

}  // namespace ca::tools::testing

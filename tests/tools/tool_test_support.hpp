#pragma once
// Helpers shared by the tools tests: the product registry, and calling a tool the way the server does (schema
// validation first), with the output checked against the tool's own output schema.
#include <string>

#include "tools/product_tools.hpp"
#include "tools/schema_validator.hpp"
#include "tools/tool.hpp"

namespace ca::tools::testing {

const ToolRegistry& product_registry();
Tool& product_tool(const std::string& name);

// Validates `arguments` like the server (an invalid one becomes an isError result), calls the tool and, on
// success, requires that the structured result satisfies the tool's output schema.
ToolResult call_tool(const std::string& name, const Json& arguments, ToolContext& context);

}  // namespace ca::tools::testing

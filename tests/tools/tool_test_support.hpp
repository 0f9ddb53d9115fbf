#pragma once
// Helpers shared by the tools tests: the product registry, and calling a tool the way the server does
// (ToolRegistry::run: validation, defaults, the tool, the output-schema check), with a success also checked here
// against the tool's output schema so that a test names the field at fault.
#include <string>

#include "tools/product_tools.hpp"
#include "tools/schema_validator.hpp"
#include "tools/tool.hpp"

namespace ca::tools::testing {

// Every product tool, enabled, built without a client (no API key): listing and argument checks only.
const ToolRegistry& product_registry();
// Every product tool, the opt-in ones (call_api) included: for the schema lints, the snapshots and the reference.
const ToolRegistry& every_tool_registry();
Tool& find_tool(const ToolRegistry& registry, const std::string& name);

// Runs `name` through `registry` like the server. Fails the test when the result breaks the output schema or is
// the registry's "failed unexpectedly" / "does not match its own output schema" text.
ToolResult call_tool(const ToolRegistry& registry, const std::string& name, const Json& arguments,
                     ToolContext& context);
// The same through product_registry().
ToolResult call_tool(const std::string& name, const Json& arguments, ToolContext& context);

}  // namespace ca::tools::testing

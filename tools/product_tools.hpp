#pragma once
// The product's tools and toolsets (the registration table is in product_tools.cpp), and building the registry
// the server serves from them: each tool built with the API client, enabled or not by the tool selection.
#include <optional>
#include <string>
#include <vector>

#include "tools/tool.hpp"
#include "tools/tool_selection.hpp"
#include "tools/tool_unit.hpp"

namespace ca::tools {

// Every product tool, in tools/list order.
const std::vector<ToolUnit>& product_tool_units();
// Every toolset a tool may name, in the order the docs list them.
const std::vector<Toolset>& product_toolsets();

// A start-up error (unknown names, listing the valid ones) or nullopt.
std::optional<std::string> check_product_selection(const ToolSelection& selection);

// A registry of `units` in order, each built with `client` (null: no API key configured), the ones `selection`
// does not enable added as disabled.
ToolRegistry build_registry(const std::vector<ToolUnit>& units, api::Client* client, const ToolSelection& selection);
ToolRegistry build_product_registry(api::Client* client, const ToolSelection& selection = {});

// The initialize `instructions`: a short guide for the model on the enabled tools of `registry`.
// Whether the registry offers a tool that changes data (call_api itself aside): call_api may then POST
// (ToolSettings::api_writes).
bool write_tools_offered(const ToolRegistry& registry);

std::string server_instructions(const ToolRegistry& registry, const ToolSelection& selection = {});

}  // namespace ca::tools

#pragma once
// Everything written about the tools outside the code is generated from the registry here, so it cannot drift:
// --print-tools, the README's tool table, the reference part of docs/tools.md, the e2e tests' tool list and the
// tools/list snapshots. The tool tests compare every committed copy with what these functions produce (and
// rewrite them with UPDATE_SNAPSHOTS=1).
#include <string>

#include "common/json_util.hpp"
#include "tools/tool.hpp"

namespace ca::tools {

// A tool's tools/list entry as the newest protocol version renders it (title, all four annotations, both
// schemas), plus its toolsets: what the snapshots lock and --print-tools prints.
Json catalog_entry(const ToolDefinition& definition);

// {"tools": [catalog_entry...]} of the enabled tools.
Json tools_json(const ToolRegistry& registry);

// The README's table: one row per enabled tool with its toolsets, read/write and what it is for.
std::string readme_tool_table(const ToolRegistry& registry);

// docs/tools.md's reference: per tool, its annotations, toolsets, description, an input table generated from the
// input schema and the top-level output fields.
std::string tools_reference_markdown(const ToolRegistry& registry);

// tests/e2e/tools.generated.json: names, toolsets and read-only hints in registry order.
std::string e2e_tools_json(const ToolRegistry& registry);

}  // namespace ca::tools

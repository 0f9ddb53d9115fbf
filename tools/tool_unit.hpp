#pragma once
// One tool as one declarative unit: everything about it is in its own file (tools/<name>.cpp) as a ToolUnit, plus
// its two schema files (schemas/<name>.input.json and .output.json) and one line in the registration table
// (tools/product_tools.cpp). Limits and enums live in the schemas: the description quotes them through
// placeholders, arguments arrive with the schema defaults filled in, and the handler reads them from there.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tools/tool.hpp"

namespace ca::api {
class Client;
}

namespace ca::tools {

// Runs one call with arguments that passed the input schema (defaults filled in) and the unit's own check.
using ToolHandler = std::function<ToolResult(const Json& arguments, ToolContext& context)>;

struct ToolUnit {
  std::string name;   // also the stem of its schema files
  std::string title;
  std::vector<std::string> toolsets;  // from tools/toolsets.hpp
  Annotations annotations;
  // For the model. "{max_results.maximum}" is replaced by that keyword of the input property (a path through
  // the property's schema, e.g. "{accounts.maxItems}", "{fields.items.enum}"), "{page_size}" by
  // api::kMaxPageSize and "{batch_size}" by api::kMaxIdsPerBatch, so numbers in the text cannot drift from what
  // the schema and the client enforce.
  std::string description;
  std::string guide;    // its line in the server's instructions: what to use it for
  bool opt_in = false;  // enabled only when named in --tools (e.g. a raw API escape hatch)
  // Rules the schema cannot express, checked before any request and without an API key: an argument error, or
  // nullopt. May be empty.
  std::function<std::optional<ToolResult>(const Json& arguments)> check;
  // Builds the handler with its dependencies, once, when the registry is built.
  std::function<ToolHandler(api::Client& client)> build;
};

// The unit's tools/list definition: its schema files, the description with its placeholders filled. Throws
// std::logic_error for a placeholder that names nothing (the tool tests build every unit).
ToolDefinition definition_of(const ToolUnit& unit);

// The unit as a registry Tool. Without a client (no API key configured) the tool still lists and checks its
// arguments, and a call that passes the checks says how to configure the key.
std::unique_ptr<Tool> make_tool(const ToolUnit& unit, api::Client* client);

}  // namespace ca::tools

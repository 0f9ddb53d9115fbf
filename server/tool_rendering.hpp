#pragma once
// What a tool and its result look like on the wire for a negotiated protocol version.
#include <string>

#include "common/json_util.hpp"
#include "tools/tool.hpp"

namespace ca::server {

// {name, title?, description, inputSchema, outputSchema?, annotations?}: title and outputSchema from 2025-06-18,
// annotations (all four hints, always explicit) from 2025-03-26. Schemas are passed through verbatim.
Json render_tool(const tools::ToolDefinition& definition, const std::string& version);

// Success: one compact JSON text block, plus structuredContent from 2025-06-18. Error: the message as text and
// isError:true. structuredContent is the text block's bytes (already_serialized): the result is for the wire, and
// read back only after it has been written.
Json render_result(tools::ToolResult result, const std::string& version);

// An isError result carrying `message`, for failures the server itself detects (busy, bad arguments, crashes).
Json error_result(const std::string& message);

}  // namespace ca::server

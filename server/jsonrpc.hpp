#pragma once
// JSON-RPC 2.0 message shapes and its error codes.
#include <string>

#include "common/json_util.hpp"

namespace ca::server::rpc {

constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;

Json result(const Json& id, Json result);
Json error(const Json& id, int code, const std::string& message, Json data = nullptr);  // data omitted when null
Json notification(const std::string& method, Json params);

// Request ids are strings or integers (MCP forbids null; fractions are not ids).
bool is_valid_id(const Json& id);

}  // namespace ca::server::rpc

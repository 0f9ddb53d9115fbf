#pragma once
// The contract between the MCP server and its tools. A tool sees a ToolContext (cancellation, deadline,
// progress, the API client, settings) and never the transport. The server renders a ToolResult into the
// MCP CallToolResult shape that the negotiated protocol version allows.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/cancellation.hpp"
#include "common/clock.hpp"
#include "common/json_util.hpp"

namespace ca::api {
class Client;
}

namespace ca::tools {

struct Annotations {
  bool read_only = false;
  bool destructive = false;
  bool idempotent = false;
  bool open_world = true;
};

struct ToolDefinition {
  std::string name;
  std::string title;
  std::string description;
  Annotations annotations;
  Json input_schema;   // served verbatim by tools/list; also what arguments are validated against
  Json output_schema;  // null when the tool has none; served only to clients at 2025-06-18 or later
};

// Either a structured value (rendered as structuredContent plus one compact JSON text copy) or an error
// message for the model (rendered as isError:true with the message as text).
struct ToolResult {
  Json structured;  // an object, or null for errors
  std::string error_message;
  bool is_error = false;

  static ToolResult success(Json structured);
  static ToolResult error(std::string message);
};

// Limits that shape what tools return; each is a named, documented setting (see docs/protocol.md).
struct ToolSettings {
  std::size_t text_budget_bytes = 64 * 1024;  // --max-result-bytes / CREATORAUDIT_MAX_RESULT_BYTES
};

struct ToolContext {
  CancellationToken cancel;
  SteadyTime deadline = SteadyTime::max();
  Clock* clock = &system_clock();
  api::Client* client = nullptr;  // null in protocol tests that use fake tools
  ToolSettings settings;
  std::string protocol_version;

  // Set by the server when the request carried _meta.progressToken. Calls with a progress value that does not
  // increase are dropped by the server; none are sent after the response.
  std::function<void(double progress, std::optional<double> total, const std::string& message)> on_progress;

  bool wants_progress() const { return static_cast<bool>(on_progress); }
  void progress(double value, std::optional<double> total = std::nullopt, const std::string& message = {}) const {
    if (on_progress) on_progress(value, total, message);
  }
};

class Tool {
 public:
  virtual ~Tool() = default;
  virtual const ToolDefinition& definition() const = 0;
  // Called with arguments that already passed validation against definition().input_schema.
  virtual ToolResult call(const Json& arguments, ToolContext& context) = 0;
};

// Tools in a fixed order (the order they were added), looked up by name.
class ToolRegistry {
 public:
  void add(std::unique_ptr<Tool> tool);
  const std::vector<std::unique_ptr<Tool>>& tools() const { return tools_; }
  Tool* find(const std::string& name) const;

 private:
  std::vector<std::unique_ptr<Tool>> tools_;
};

// The product's tools (list_accounts, get_metrics, add_account, whoami, ...) in their fixed order.
void register_product_tools(ToolRegistry& registry);

// The `instructions` string of the initialize result: a short guide for the model on using the tools well.
std::string server_instructions();

}  // namespace ca::tools

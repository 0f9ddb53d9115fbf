#pragma once
// The contract between the MCP server and its tools. The server sees only a ToolRegistry: it lists
// registry.tools(), finds a tool by name and hands each call to registry.run(), which does everything between the
// arguments and the result (validation, the handler, exceptions, the output-schema check). A tool sees a
// ToolContext (cancellation, deadline, progress, settings), never the transport; the API client is given to a tool
// when it is built (tools/tool_unit.hpp), not per call. The server renders a ToolResult into the CallToolResult
// shape that the negotiated protocol version allows.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/cancellation.hpp"
#include "common/clock.hpp"
#include "common/json_util.hpp"

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
  // Not sent to clients: the toolsets that enable this tool (--tools accounts,...) and its line in the server's
  // instructions.
  std::vector<std::string> toolsets;
  std::string guide;
};

// Either a structured value (rendered as structuredContent plus one compact JSON text copy) or an error
// message for the model (rendered as isError:true with the message as text).
struct ToolResult {
  Json structured;  // an object, or null for errors
  std::string error_message;
  bool is_error = false;
  // dump_compact(structured) when the tool wrote it already (the byte-budget cuts of tools/tool_support.hpp do), so
  // that the text copy is not written a second time; empty when it was not written.
  std::string text;

  static ToolResult success(Json structured, std::string text = {});
  static ToolResult error(std::string message);
};

// Limits that shape what tools return; each is a named, documented setting (see docs/protocol.md).
struct ToolSettings {
  std::size_t text_budget_bytes = 64 * 1024;  // --max-result-bytes / CREATORAUDIT_MAX_RESULT_BYTES
  // call_api may send POST only when the server offers a write tool (and so is not --read-only); set by the
  // server from the registry (write_tools_offered), off by default.
  bool api_writes = false;
};

struct ToolContext {
  CancellationToken cancel;
  SteadyTime deadline = SteadyTime::max();
  Clock* clock = &system_clock();
  ToolSettings settings;

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
  // Called by ToolRegistry::run with arguments that already passed validation against definition().input_schema
  // (absent arguments that have a schema `default` are filled in).
  virtual ToolResult call(const Json& arguments, ToolContext& context) = 0;
};

// Tools in a fixed order (the order they were added), looked up by name. A tool added as disabled (by
// --read-only or the tool selection) is not listed, and a call to it is refused with `refusal`.
class ToolRegistry {
 public:
  void add(std::unique_ptr<Tool> tool);
  void add_disabled(std::unique_ptr<Tool> tool, std::string refusal);

  // The enabled tools, in order: what tools/list serves.
  const std::vector<Tool*>& tools() const { return enabled_; }
  // Any registered tool, enabled or not; nullptr for a name never registered.
  Tool* find(const std::string& name) const;

  // One tools/call end to end, never throwing: a refusal for a disabled tool; the arguments checked against the
  // input schema (an isError result naming the argument) and schema defaults filled in; the tool run with every
  // exception caught; a success checked against the output schema (a mismatch is a server defect: logged, and
  // the model gets an isError saying so, so the client never sees a result that breaks the tool's contract).
  ToolResult run(Tool& tool, const Json& arguments, ToolContext& context) const;

 private:
  struct Entry {
    std::unique_ptr<Tool> tool;
    std::optional<std::string> refusal;  // set when disabled
  };
  std::vector<Entry> entries_;
  std::vector<Tool*> enabled_;
};

}  // namespace ca::tools

#include "test_support.hpp"

#include <spdlog/spdlog.h>

namespace ca::test {
namespace {

tools::ToolDefinition make_definition(std::string name, Json input_schema) {
  tools::ToolDefinition d;
  d.name = std::move(name);
  d.description = "A fake tool for protocol tests.";
  d.input_schema = std::move(input_schema);
  return d;
}

const Json kNoArguments = {{"type", "object"}, {"additionalProperties", false}};

}  // namespace

EchoTool::EchoTool()
    : FakeTool([] {
        auto d = make_definition("echo", {{"type", "object"},
                                     {"properties", {{"text", {{"type", "string"}, {"examples", {"hello"}}}}}},
                                     {"required", {"text"}},
                                     {"additionalProperties", false}});
        d.title = "Echo";
        d.annotations = {true, false, true, false};
        d.output_schema = {{"type", "object"}, {"properties", {{"text", {{"type", "string"}}}}}};
        return d;
      }()) {}

tools::ToolResult EchoTool::call(const Json& arguments, tools::ToolContext&) {
  return tools::ToolResult::success({{"text", arguments["text"]}});
}

SlowTool::SlowTool() : FakeTool(make_definition("slow", kNoArguments)) {}

tools::ToolResult SlowTool::call(const Json&, tools::ToolContext& context) {
  ++started_count;
  started.set();
  // Short cancellable waits until released: the test, not the clock, decides when this returns.
  while (!release.cancelled()) {
    if (context.cancel.wait_for(Millis(5))) {
      saw_cancel = true;
      break;
    }
  }
  finished.set();
  return tools::ToolResult::success({{"cancelled", saw_cancel.load()}});
}

ProgressTool::ProgressTool()
    : FakeTool(make_definition("progress", {{"type", "object"},
                                       {"properties", {{"values", {{"type", "array"}, {"items", {{"type", "number"}}}}}}}})) {}

tools::ToolResult ProgressTool::call(const Json& arguments, tools::ToolContext& context) {
  saved_progress = context.on_progress;
  for (const auto& value : arguments.value("values", Json::array())) {
    context.progress(value.get<double>(), 10.0, "step " + dump_compact(value));
  }
  return tools::ToolResult::success({{"wanted_progress", context.wants_progress()}});
}

ContextTool::ContextTool() : FakeTool(make_definition("context", kNoArguments)) {}

tools::ToolResult ContextTool::call(const Json&, tools::ToolContext& context) {
  const auto left = std::chrono::duration_cast<Millis>(context.deadline - context.clock->now()).count();
  return tools::ToolResult::success({{"deadline_in_ms", left}, {"text_budget_bytes", context.settings.text_budget_bytes}});
}

ThrowingTool::ThrowingTool() : FakeTool(make_definition("throws", kNoArguments)) {}

tools::ToolResult ThrowingTool::call(const Json&, tools::ToolContext&) { throw std::runtime_error("boom"); }

LoggingTool::LoggingTool()
    : FakeTool(make_definition("log", {{"type", "object"}, {"properties", {{"text", {{"type", "string"}}}}}})) {}

tools::ToolResult LoggingTool::call(const Json& arguments, tools::ToolContext&) {
  spdlog::info("info from the log tool: {}", arguments.value("text", ""));
  spdlog::warn("warning from the log tool: {}", arguments.value("text", ""));
  return tools::ToolResult::success(Json::object());
}

Harness::Harness(server::SessionOptions options) {
  registry.add(std::make_unique<EchoTool>());
  auto slow_tool = std::make_unique<SlowTool>();
  slow = slow_tool.get();
  registry.add(std::move(slow_tool));
  auto progress_tool = std::make_unique<ProgressTool>();
  progress = progress_tool.get();
  registry.add(std::move(progress_tool));
  registry.add(std::make_unique<ContextTool>());
  registry.add(std::make_unique<ThrowingTool>());
  registry.add(std::make_unique<LoggingTool>());
  core = std::make_unique<server::ServerCore>(registry, std::move(options));
  session = std::make_unique<server::Session>(*core, out);
}

Harness::~Harness() {
  slow->release.cancel();
  session.reset();
}

Json Harness::request(const Json& id, const std::string& method, Json params) {
  send(Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
  for (const auto& m : out.messages()) {
    if (m.is_object() && m.contains("id") && m["id"] == id && !m.contains("method")) return m;
  }
  return nullptr;
}

Json Harness::initialize(const std::string& version) {
  Json response = request("init", "initialize",
                          {{"protocolVersion", version},
                           {"capabilities", Json::object()},
                           {"clientInfo", {{"name", "unit-test"}, {"version", "0"}}}});
  send(Json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  return response;
}

Json Harness::modern_request(const Json& id, const std::string& method, Json params, const Json& extra_meta) {
  Json meta = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
               {"io.modelcontextprotocol/clientInfo", {{"name", "unit-test"}, {"version", "0"}}},
               {"io.modelcontextprotocol/clientCapabilities", Json::object()}};
  for (const auto& [key, value] : extra_meta.items()) meta[key] = value;
  params["_meta"] = std::move(meta);
  return request(id, method, std::move(params));
}

Json Harness::call(const Json& id, const std::string& tool, Json arguments, Json meta) {
  Json params = {{"name", tool}, {"arguments", std::move(arguments)}};
  if (!meta.is_null()) params["_meta"] = std::move(meta);
  return request(id, "tools/call", std::move(params));
}

void Harness::cancel(const Json& id) {
  send(Json{{"jsonrpc", "2.0"},
            {"method", "notifications/cancelled"},
            {"params", {{"requestId", id}, {"reason", "test"}}}});
}

}  // namespace ca::test

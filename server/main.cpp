// creatoraudit-mcp: flags and environment → configuration → wiring of transport, session, tools and client.
// Exit codes: 0 normal end (end of input, SIGTERM/SIGINT, --help), 1 fatal start-up error, 2 bad flags or
// configuration. See docs/protocol.md.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <spdlog/spdlog.h>

#include "client/client.hpp"
#include "client/config.hpp"
#include "common/version.hpp"
#include "server/client_log_sink.hpp"
#include "server/logging.hpp"
#include "server/protocol_version.hpp"
#include "server/sandbox_mode.hpp"
#include "server/server_options.hpp"
#include "server/session.hpp"
#include "server/signal_watcher.hpp"
#include "server/stdio_loop.hpp"
#include "server/transport.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_catalog.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFatal = 1;
constexpr int kExitBadConfig = 2;

// Ends the process without joining threads that may be stuck in a tool; stdout lines are written unbuffered.
[[noreturn]] void exit_now(int code) {
  spdlog::default_logger()->flush();
  std::_Exit(code);
}

int serve(const ca::server::ServerOptions& options, const ca::tools::ToolSelection& selection,
          ca::api::ClientConfig config) {
  using namespace ca::server;
  std::unique_ptr<SandboxMode> sandbox;
  if (options.sandbox) sandbox = std::make_unique<SandboxMode>(config);

  std::unique_ptr<ca::api::Client> client;
  if (auto problem = config.validate()) {
    spdlog::warn("the CreatorAudit API is not configured ({}); the server runs and lists its tools, but tool calls "
                 "will fail until CREATORAUDIT_API_KEY or CREATORAUDIT_API_KEY_FILE is set",
                 problem->message());
  } else {
    client = std::make_unique<ca::api::Client>(config);
  }

  // The tools get the client here, once; the session sees only the registry.
  const ca::tools::ToolRegistry registry = ca::tools::build_product_registry(client.get(), selection);

  SessionOptions session_options;
  session_options.workers = options.workers;
  session_options.queue_limit = options.queue_limit;
  session_options.call_timeout = ca::Millis(options.call_timeout_ms);
  session_options.instructions = ca::tools::server_instructions(registry, selection);
  session_options.tool_settings.text_budget_bytes = options.max_result_bytes;

  ServerCore core(registry, session_options);
  LineWriter writer(STDOUT_FILENO);
  Session session(core, writer);
  auto client_log = std::make_shared<ClientLogSink>();
  client_log->attach(&session);
  add_log_sink(client_log);

  const ca::Millis grace(options.shutdown_grace_ms);
  SignalWatcher signals([&](int signal) {
    spdlog::info("received signal {}: cancelling {} calls and exiting", signal, session.calls_in_flight());
    session.cancel_all();
    session.wait_idle_until(std::chrono::steady_clock::now() + grace);
    exit_now(kExitOk);
  });

  spdlog::info("creatoraudit-mcp {} ready on stdio: {} tools, {} workers, protocol {} and {} (and older)",
               ca::kVersion, registry.tools().size(), options.workers, kModernProtocolVersion, kLatestProtocolVersion);
  FdSource input(STDIN_FILENO);
  LineReader reader(input, options.max_line_bytes);
  read_until_end(reader, session, writer, options.max_line_bytes);

  const bool drained = session.drain(grace);
  client_log->detach();
  if (!drained) {
    spdlog::warn("{} calls did not stop within the shutdown grace period; exiting anyway", session.calls_in_flight());
    exit_now(kExitOk);
  }
  return kExitOk;
}

// --version: the version, then every MCP revision the protocol core negotiates, read from its own list so that a
// revision added there shows here too. help2man makes the man page's VERSION from the first line.
std::string version_text() {
  const auto list = [](const std::vector<std::string>& versions) {
    std::string text;
    for (const auto& version : versions) text += (text.empty() ? "" : ", ") + version;
    return text;
  };
  return std::string("creatoraudit-mcp ") + ca::kVersion +
         "\nMCP protocol revisions (initialize handshake): " + list(ca::server::supported_protocol_versions()) +
         "\nMCP protocol revisions (stateless, _meta on every request): " +
         list(ca::server::supported_modern_versions());
}

}  // namespace

int main(int argc, char** argv) {
  ca::server::install_stderr_logger();  // before anything can log: spdlog's default logger writes to stdout

  CLI::App app{"creatoraudit-mcp: an MCP server (stdio) for the CreatorAudit v2 API"};
  app.set_version_flag("--version", version_text,
                       "Print the version and the MCP protocol revisions supported, and exit");
  ca::server::ServerOptions options;
  ca::server::add_server_flags(app, options);
  ca::tools::ToolSelection selection;
  ca::tools::add_tool_selection_flags(app, selection);
  bool print_tools = false;
  app.add_flag("--print-tools", print_tools,
               "Print the enabled tools (name, title, toolsets, annotations, schemas) as JSON on stdout and exit, "
               "without serving");
  auto from_env = ca::api::ClientConfig::from_env();
  ca::api::ClientConfig config = from_env ? from_env.value() : ca::api::ClientConfig{};
  ca::api::add_client_flags(app, config);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version go to stderr too: stdout carries protocol messages only.
    const int code = app.exit(e, std::cerr, std::cerr);
    return code == 0 ? kExitOk : kExitBadConfig;
  }
  if (!from_env) {
    spdlog::error("bad configuration: {}", from_env.error().message());
    return kExitBadConfig;
  }
  if (auto problem = ca::server::configure_logging(options.log_level, options.log_file)) {
    spdlog::error("bad configuration: {}", *problem);
    return kExitBadConfig;
  }
  if (auto problem = ca::tools::check_product_selection(selection)) {
    spdlog::error("bad configuration: {}", *problem);
    return kExitBadConfig;
  }
  if (print_tools) {
    std::cout << ca::tools::tools_json(ca::tools::build_product_registry(nullptr, selection)).dump(2) << std::endl;
    return kExitOk;
  }
  try {
    return serve(options, selection, std::move(config));
  } catch (const std::exception& e) {
    spdlog::critical("fatal: {}", e.what());
    return kExitFatal;
  }
}

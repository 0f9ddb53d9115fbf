// creatoraudit-mcp: flags and environment → configuration → wiring of transport, session, tools and client.
// Exit codes: 0 normal end (end of input, SIGTERM/SIGINT, --help), 1 fatal start-up error, 2 bad flags or
// configuration. See docs/protocol.md. `doctor` (or --check) checks the configuration instead of serving: exit 0
// when a session would work, 1 when not (docs/client.md#doctor).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <string_view>
#include <spdlog/spdlog.h>

#include "client/client.hpp"
#include "client/config.hpp"
#include "common/version.hpp"
#include "server/doctor.hpp"
#include "server/http_serve.hpp"
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
          ca::api::ClientConfig config, std::optional<ca::server::HttpTransportSettings> http) {
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
  session_options.tool_settings.api_writes = ca::tools::write_tools_offered(registry);

  ServerCore core(registry, session_options);
  if (http) {  // --http: stdout stays unused; each request's log records still reach only its own client
    add_log_sink(std::make_shared<ClientLogSink>());
    return serve_http(core, std::move(*http), ca::Millis(options.shutdown_grace_ms));
  }
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

// doctor prints its report on stdout: it serves no MCP, so stdout is free, and a user reads it in a terminal.
int doctor(ca::server::DoctorInput input, bool sandbox) {
  std::unique_ptr<ca::server::SandboxMode> sandbox_mode;
  if (sandbox && !input.config_problem) {
    try {
      sandbox_mode = std::make_unique<ca::server::SandboxMode>(input.config);
    } catch (const std::exception& e) {
      input.config_problem = std::string("--sandbox: the in-process sandbox did not start: ") + e.what();
    }
  }
  const auto lines = ca::server::run_doctor(input, [](const ca::server::DoctorLine& line) {
    std::cout << ca::server::format_doctor_line(line) << std::flush;
  });
  return ca::server::doctor_exit_status(lines);
}

// Whether the command line asks for doctor, read from argv itself: used when CLI11 rejected the command line, so
// that doctor reports the bad flag as its failing configuration check rather than exit 2.
bool asks_for_doctor(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]) == "doctor" || std::string_view(argv[i]) == "--check") return true;
  return false;
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

  CLI::App app{"creatoraudit-mcp: an MCP server (stdio, or Streamable HTTP with --http) for the CreatorAudit v2 API"};
  app.set_version_flag("--version", version_text,
                       "Print the version and the MCP protocol revisions supported, and exit");
  ca::server::ServerOptions options;
  ca::server::add_server_flags(app, options);
  ca::tools::ToolSelection selection;
  ca::tools::add_tool_selection_flags(app, selection);
  ca::server::HttpOptions http_options;
  ca::server::add_http_flags(app, http_options);
  bool print_tools = false;
  app.add_flag("--print-tools", print_tools,
               "Print the enabled tools (name, title, toolsets, annotations, schemas) as JSON on stdout and exit, "
               "without serving");
  auto from_env = ca::api::ClientConfig::from_env();
  ca::api::ClientConfig config = from_env ? from_env.value() : ca::api::ClientConfig{};
  ca::api::add_client_flags(app, config);
  bool check = false;
  app.add_flag("--check", check, "Same as the doctor subcommand");
  CLI::App* doctor_command = app.add_subcommand(
      "doctor",
      "Check the configuration (the same flags and CREATORAUDIT_* variables) end to end instead of serving: key "
      "source, base URL, DNS, TCP, TLS, GET /whoami, rate budget, clock skew, tools. One line per check on stdout; "
      "exit 0 when a session would work, 1 when not");
  doctor_command->fallthrough();  // every server flag is accepted after "doctor" too
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0 && asks_for_doctor(argc, argv))
      return doctor(ca::server::DoctorInput{std::string(e.what()), config, selection}, false);
    // --help and --version go to stderr too: stdout carries protocol messages only.
    const int code = app.exit(e, std::cerr, std::cerr);
    return code == 0 ? kExitOk : kExitBadConfig;
  }
  // The same checks, in the same order, for a start and for doctor; doctor reports the first problem as a check.
  std::optional<std::string> problem;
  if (!from_env) problem = from_env.error().message();
  if (!problem) problem = ca::server::configure_logging(options.log_level, options.log_file);
  if (!problem) problem = ca::tools::check_product_selection(selection);
  std::optional<ca::server::HttpTransportSettings> http;
  if (!problem && !http_options.listen.empty()) {
    auto settings = ca::server::http_settings(http_options, options.max_line_bytes);
    if (auto* error = std::get_if<std::string>(&settings)) problem = *error;
    else http = std::get<ca::server::HttpTransportSettings>(std::move(settings));
  }
  if (check || doctor_command->parsed()) {
    return doctor(ca::server::DoctorInput{problem, std::move(config), selection}, options.sandbox);
  }
  if (problem) {
    spdlog::error("bad configuration: {}", *problem);
    return kExitBadConfig;
  }
  if (print_tools) {
    std::cout << ca::tools::tools_json(ca::tools::build_product_registry(nullptr, selection)).dump(2) << std::endl;
    return kExitOk;
  }
  try {
    return serve(options, selection, std::move(config), std::move(http));
  } catch (const std::exception& e) {
    spdlog::critical("fatal: {}", e.what());
    return kExitFatal;
  }
}

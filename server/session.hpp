#pragma once
// The MCP layer (the shape of clangd's ClangdLSPServer and the TypeScript SDK's Server): one Session per client
// connection, above an rpc::Connection that does everything JSON-RPC. The session picks the protocol era from the
// client's first request and serves each request from that era's method table:
//   legacy (2025-11-25 down to 2024-11-05): initialize, ping, logging/setLevel, tools/list, tools/call;
//   modern (2026-07-28, stateless): server/discover, tools/list, tools/call, each request carrying its _meta.
// Everything the sessions of one process share — the tool registry, the worker pool, the settings — is in the
// ServerCore; stdio is one session, and a transport with many sessions creates one per client.
#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/json_util.hpp"
#include "server/log_level.hpp"
#include "server/request_log.hpp"
#include "server/rpc_connection.hpp"
#include "server/transport.hpp"
#include "server/worker_pool.hpp"
#include "tools/tool.hpp"

namespace ca::server {

struct SessionOptions {
  std::size_t workers = 4;        // --workers
  std::size_t queue_limit = 16;   // --queue-limit: accepted calls waiting for a worker
  Millis call_timeout{180'000};   // --call-timeout-ms: each call's deadline, counted from its arrival
  std::string instructions;       // initialize's / server/discover's `instructions`; omitted when empty
  tools::ToolSettings tool_settings;
  Clock* clock = &system_clock();
};

// What every session of the process shares. Outlives its sessions.
class ServerCore {
 public:
  ServerCore(const tools::ToolRegistry& registry, SessionOptions options);
  ServerCore(const ServerCore&) = delete;
  ServerCore& operator=(const ServerCore&) = delete;

  const tools::ToolRegistry& registry() const { return registry_; }
  const SessionOptions& options() const { return options_; }
  WorkerPool& pool() { return pool_; }

 private:
  const tools::ToolRegistry& registry_;
  SessionOptions options_;
  WorkerPool pool_;  // last: destroyed (joined) first
};

class Session final : private rpc::Handler {
 public:
  enum class Era { Undecided, Legacy, Modern };

  Session(ServerCore& core, OutputChannel& out);
  ~Session() override;  // cancels what still runs and waits for it
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // One line from the transport (without its newline); may be a batch.
  void handle_line(std::string_view line) { connection_.receive(line); }
  // One frame whose answers and request notifications go to `out` (HTTP: the response to the POST that carried it).
  void handle_frame(std::string_view frame, const std::shared_ptr<OutputChannel>& out) {
    connection_.receive(frame, out);
  }
  // The transport dropped a line longer than `limit` bytes.
  void reject_oversize_line(std::size_t limit) { connection_.reject_oversize(limit); }

  // Sends notifications/message when the client asked for logging at `level` or below (logging/setLevel).
  void log_to_client(LogLevel level, const std::string& logger, const std::string& text);

  // Cancels every accepted call (running or queued); none of them will be answered.
  void cancel_all() { connection_.cancel_all(); }
  // Blocks until no call is in flight or `until` passes; true when idle.
  bool wait_idle_until(SteadyTime until) { return connection_.wait_idle_until(until); }
  // End of input: lets the calls in flight finish, each bounded by its own deadline, then cancels stragglers and
  // waits `grace` more. True when everything finished.
  bool drain(Millis grace);
  std::size_t calls_in_flight() const { return connection_.in_flight(); }

  Era era() const;

  struct Call;     // a tools/call on its way through the worker pool (tool_calls.cpp)
  struct Context;  // one request as a method handler sees it
  struct Method;   // an entry of an era's method table

 private:
  using MethodTable = std::map<std::string, Method, std::less<>>;
  static const MethodTable& legacy_methods();  // legacy_methods.cpp
  static const MethodTable& modern_methods();  // modern_methods.cpp

  // rpc::Handler
  void on_request(rpc::Request request, rpc::Reply reply) override;
  void on_notification(const std::string& method, const Json& params) override;
  bool accepts_batches() const override;

  Era era_for(const rpc::Request& request);
  void serve_legacy(rpc::Request& request, const rpc::Reply& reply);
  void serve_modern(rpc::Request& request, const rpc::Reply& reply);
  // -32602 for numbers a double cannot hold, unless they sit in tool arguments (the tool call answers those).
  bool reject_out_of_range(const Context& context);
  // Where the warnings logged while serving a 2025-era request go: this session's client, per logging/setLevel.
  RequestLogScope::Sender legacy_log_sender();
  // Answers with `result`, completed as `version`'s era wants it.
  static void answer(const rpc::Reply& reply, const std::string& version, Json result);

  // Method handlers. Legacy: legacy_methods.cpp; modern: modern_methods.cpp; both eras: session.cpp, tool_calls.cpp.
  void initialize(Context& context);
  void ping(Context& context);
  void set_log_level(Context& context);
  void discover(Context& context);
  void list_tools(Context& context);
  void call_tool(Context& context);
  void run_call(const std::shared_ptr<Call>& call);

  ServerCore& core_;

  mutable std::mutex mutex_;  // guards the members below
  Era era_ = Era::Undecided;
  bool initialized_ = false;  // legacy: initialize was answered
  std::string version_;       // legacy: the negotiated version, empty until initialize
  SteadyTime last_deadline_{};  // the latest deadline of any accepted call

  std::atomic<int> client_log_level_{-1};  // legacy: -1 until the client asks for log messages

  rpc::Connection connection_;  // last: destroyed first
};

}  // namespace ca::server

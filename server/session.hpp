#pragma once
// One MCP session over one transport: JSON-RPC parsing and error codes, the lifecycle (initialize negotiation,
// ping, logging/setLevel), tools/list and tools/call. handle_line() is called by the reader thread and never
// blocks on a tool: calls run on a bounded WorkerPool with a cancellation token and a deadline, and their
// responses, progress notifications and log messages all leave through the one OutputChannel.
#include <atomic>
#include <condition_variable>
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
#include "server/transport.hpp"
#include "server/worker_pool.hpp"
#include "tools/tool.hpp"

namespace ca::server {

struct SessionOptions {
  std::size_t workers = 4;        // --workers
  std::size_t queue_limit = 16;   // --queue-limit: accepted calls waiting for a worker
  Millis call_timeout{180'000};   // --call-timeout-ms: each call's deadline, counted from its arrival
  std::string instructions;       // initialize's `instructions`; omitted when empty
  tools::ToolSettings tool_settings;
  Clock* clock = &system_clock();
};

class Session {
 public:
  Session(const tools::ToolRegistry& registry, OutputChannel& out, SessionOptions options);
  ~Session();  // cancels what still runs and joins the workers
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // One line from the transport (without its newline); may be a batch.
  void handle_line(std::string_view line);
  // The transport dropped a line longer than `limit` bytes.
  void reject_oversize_line(std::size_t limit);

  // Sends notifications/message when the client asked for logging at `level` or below (logging/setLevel).
  void log_to_client(LogLevel level, const std::string& logger, const std::string& text);

  // Cancels every accepted call (running or queued); none of them will be answered.
  void cancel_all();
  // Blocks until no call is in flight or `until` passes; true when idle.
  bool wait_idle_until(SteadyTime until);
  // End of input: lets the calls in flight finish, each bounded by its own deadline, then cancels stragglers and
  // waits `grace` more. True when everything finished.
  bool drain(Millis grace);
  std::size_t calls_in_flight() const;

  // Where the answer to one message goes (directly to the client, or into a batch); see session_internal.hpp.
  class Reply;

 private:
  struct Call;

  void handle_message(const Json& message, const std::shared_ptr<Reply>& reply, bool in_batch);
  void handle_batch(const Json& batch);
  void handle_notification(const std::string& method, const Json& params);
  std::optional<Json> handle_request(const Json& id, const std::string& method, const Json& params,
                                     const std::shared_ptr<Reply>& reply, bool in_batch);
  Json initialize(const Json& params);
  std::optional<Json> set_log_level(const Json& id, const Json& params);
  std::optional<Json> list_tools(const Json& id, const Json& params);
  // Answers protocol faults at once; otherwise queues the call and returns nullopt (answered later by the worker).
  std::optional<Json> call_tool(const Json& id, const Json& params, const std::shared_ptr<Reply>& reply);
  void run_call(const std::shared_ptr<Call>& call);
  void finish_call(const std::shared_ptr<Call>& call, const Json& result);
  void send_progress(Call& call, double progress, std::optional<double> total, const std::string& message);
  std::string version() const;

  const tools::ToolRegistry& registry_;
  OutputChannel& out_;
  SessionOptions options_;

  mutable std::mutex mutex_;  // guards the members below
  std::condition_variable idle_;
  bool initialized_ = false;
  std::string version_;                                   // empty until initialize
  std::map<std::string, std::shared_ptr<Call>> calls_;    // by compact id, while accepted and unanswered
  std::size_t unfinished_calls_ = 0;                      // accepted calls whose worker has not finished

  std::atomic<int> client_log_level_{-1};  // -1: the client never asked for log messages

  WorkerPool pool_;  // last: destroyed (joined) first, while everything it uses still exists
};

}  // namespace ca::server

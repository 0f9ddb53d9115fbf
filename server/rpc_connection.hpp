#pragma once
// The JSON-RPC 2.0 layer of one client connection, apart from MCP (the shape of clangd's JSONTransport and the
// TypeScript SDK's Protocol): it turns frames (one line on stdio, one body on HTTP) into requests and
// notifications for a Handler, and owns everything that is JSON-RPC rather than MCP — parse errors, envelope
// checks, batches, the map of requests in flight, cancellation, and the reply-once guarantee (rpc_reply.hpp).
// A frame that cannot end the process: every exception a handler throws is answered at this boundary.
//
// Any transport can sit below: it hands frames to receive() and gives an OutputChannel for what goes back.
// Each connection has its own in-flight map; handlers may answer on any thread.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/json_util.hpp"
#include "server/json_numbers.hpp"
#include "server/rpc_reply.hpp"
#include "server/transport.hpp"

namespace ca::server::rpc {

struct Request {
  Json id;             // a string or an integer
  std::string method;
  Json params;         // always an object: {} when absent or null
  std::vector<OutOfRangeNumber> out_of_range;  // numbers in params a double cannot hold (read as null; paths
                                               // relative to params)
  bool in_batch = false;
};

// The protocol above JSON-RPC (MCP). Called on the thread that calls Connection::receive().
class Handler {
 public:
  virtual ~Handler() = default;
  // Must answer `reply` exactly once, now or later from any thread; the reply-once guard catches a slip. May throw
  // InvalidParams (answered -32602) or anything else (answered -32603 and logged as a defect).
  virtual void on_request(Request request, Reply reply) = 0;
  // Notifications are never answered. The cancellation notification is handled by the Connection itself.
  virtual void on_notification(const std::string& method, const Json& params) = 0;
  // Whether a batch (a JSON array of messages) is accepted right now.
  virtual bool accepts_batches() const = 0;
};

class Connection {
 public:
  // `cancel_method` names the notification that cancels a request by {requestId} (MCP: notifications/cancelled).
  Connection(OutputChannel& out, Handler& handler, std::string cancel_method);
  ~Connection();  // requests still in flight keep only what they need: answering them later is safe
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One frame of input: a message or a batch. Its answers and its requests' notifications go to the connection's
  // channel, or to `out` when given (HTTP: the response of the POST that carried the frame).
  void receive(std::string_view frame);
  void receive(std::string_view frame, const std::shared_ptr<OutputChannel>& out);
  // The transport dropped a frame longer than `limit` bytes.
  void reject_oversize(std::size_t limit);

  // Sends a notification that belongs to no request.
  void notify(const std::string& method, Json params);

  // Cancels every request in flight; none of them will be answered.
  void cancel_all();
  // Requests accepted and not yet settled (answered, or cancelled and finished).
  std::size_t in_flight() const;
  // Blocks until nothing is in flight or `until` passes; true when idle.
  bool wait_idle_until(SteadyTime until) const;

 private:
  struct InFlight;
  class BatchCollector;

  void receive_message(const Json& message, const std::vector<OutOfRangeNumber>& out_of_range,
                       const std::shared_ptr<ReplySink>& sink, const std::shared_ptr<OutputChannel>& out,
                       bool in_batch);
  void receive_batch(const Json& batch, const std::vector<OutOfRangeNumber>& out_of_range,
                     const std::shared_ptr<OutputChannel>& out);
  void dispatch(Request request, const std::shared_ptr<ReplySink>& sink, const std::shared_ptr<OutputChannel>& out);
  void cancel(const Json& params);

  OutputChannel& out_;
  std::shared_ptr<OutputChannel> shared_out_;  // out_, not owned
  Handler& handler_;
  std::string cancel_method_;
  std::shared_ptr<InFlight> in_flight_;  // shared with the hooks of every Reply, which may outlive this
  std::shared_ptr<ReplySink> direct_;
};

}  // namespace ca::server::rpc

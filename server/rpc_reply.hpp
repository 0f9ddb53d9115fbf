#pragma once
// The answer to one JSON-RPC request, with a reply-once guarantee. A Reply is a cheap copyable handle to one shared
// state; the first answer through any copy goes out, a second one is dropped and logged as a defect, and when the
// last copy goes away without an answer the request is answered -32603 and a defect is logged. So a request can
// be answered neither twice nor never, and a batch waiting for its elements always completes.
//
// A cancelled request is never answered: its answer is swallowed (its batch still counts it as done), and dropping
// it unanswered is not a defect. Request-scoped notifications (progress, log messages) go through the same handle
// and stop, under the same lock, once the request is answered or cancelled, so none ever follows the response.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/cancellation.hpp"
#include "common/json_util.hpp"
#include "server/transport.hpp"

namespace ca::server::rpc {

// Where the answer to one message goes: straight to the client, or into the array of its batch. deliver() is
// called exactly once per message: with the response, or with nullopt when the message gets none.
class ReplySink {
 public:
  virtual ~ReplySink() = default;
  virtual void deliver(std::optional<Json> response) = 0;
};

class Reply {
 public:
  // Bookkeeping of the connection, each run once per request, in this order.
  struct Hooks {
    std::function<void()> before_answer;  // frees the id: the client may reuse it as soon as it reads the answer
    std::function<void()> after_settled;  // the request is finished (answered, swallowed or dropped)
  };

  Reply() = default;  // no request: every operation is a no-op
  // `notifications` carries the request's own notifications (stdio: the connection's channel; HTTP: the stream of
  // the POST that brought the request), kept alive as long as the request may use it.
  Reply(Json id, std::shared_ptr<ReplySink> sink, std::shared_ptr<OutputChannel> notifications,
        CancellationToken cancel, Hooks hooks);

  void result(Json result) const;
  void error(int code, const std::string& message, Json data = nullptr) const;
  // Sends a notification tied to this request; false (nothing sent) once it is answered or cancelled.
  bool notify(const std::string& method, Json params) const;

  const Json& id() const;
  CancellationToken cancellation() const;  // copies share the request's token
  bool settled() const;  // answered, or cancelled and swallowed

 private:
  struct State;
  void settle(std::optional<Json> response) const;

  std::shared_ptr<State> state_;
};

}  // namespace ca::server::rpc

#include "server/rpc_reply.hpp"

#include <mutex>

#include <spdlog/spdlog.h>

#include "server/jsonrpc.hpp"

namespace ca::server::rpc {

struct Reply::State {
  Json id;
  std::shared_ptr<ReplySink> sink;
  std::shared_ptr<OutputChannel> notifications;
  CancellationToken cancel;
  Hooks hooks;

  std::mutex mutex;  // serialises the answer with notifications
  bool done = false;

  // Delivers `response` (nothing when cancelled) unless already settled; false when it was.
  bool settle(std::optional<Json> response) {
    std::shared_ptr<ReplySink> target;
    {
      std::lock_guard lock(mutex);
      if (done) return false;
      done = true;
      if (cancel.cancelled()) response.reset();
      if (hooks.before_answer) hooks.before_answer();
      target = std::move(sink);  // released below: a batch must not outlive its last answer through a copy
      target->deliver(std::move(response));  // under the lock, so that no notification can follow it
    }
    if (hooks.after_settled) hooks.after_settled();
    return true;
  }

  ~State() {
    if (done) return;
    const bool defect = !cancel.cancelled();
    settle(defect ? std::optional<Json>(rpc::error(id, kInternalError,
                                              "Internal error: the server dropped this request without an answer"))
                  : std::nullopt);
    // Logged outside any lock: the record may be mirrored to the client.
    if (defect) spdlog::error("defect: request {} was dropped without an answer; answered -32603", dump_compact(id));
  }
};

Reply::Reply(Json id, std::shared_ptr<ReplySink> sink, std::shared_ptr<OutputChannel> notifications,
             CancellationToken cancel, Hooks hooks)
    : state_(std::make_shared<State>()) {
  state_->id = std::move(id);
  state_->sink = std::move(sink);
  state_->notifications = std::move(notifications);
  state_->cancel = std::move(cancel);
  state_->hooks = std::move(hooks);
}

void Reply::result(Json result) const { settle(rpc::result(id(), std::move(result))); }

void Reply::error(int code, const std::string& message, Json data) const {
  settle(rpc::error(id(), code, message, std::move(data)));
}

void Reply::settle(std::optional<Json> response) const {
  if (!state_) return;
  if (!state_->settle(std::move(response))) {
    spdlog::error("defect: a second answer to request {} was dropped", dump_compact(state_->id));
  }
}

bool Reply::notify(const std::string& method, Json params) const {
  if (!state_) return false;
  std::lock_guard lock(state_->mutex);
  if (state_->done || state_->cancel.cancelled()) return false;
  state_->notifications->send(rpc::notification(method, std::move(params)));
  return true;
}

const Json& Reply::id() const {
  static const Json kNone;
  return state_ ? state_->id : kNone;
}

CancellationToken Reply::cancellation() const { return state_ ? state_->cancel : CancellationToken(); }

bool Reply::settled() const {
  if (!state_) return true;
  std::lock_guard lock(state_->mutex);
  return state_->done;
}

}  // namespace ca::server::rpc

#include "server/rpc_connection.hpp"

#include <condition_variable>
#include <map>
#include <mutex>

#include <spdlog/spdlog.h>

#include "server/json_depth.hpp"
#include "server/jsonrpc.hpp"
#include "server/params.hpp"
#include "server/utf8.hpp"

namespace ca::server::rpc {
namespace {

class DirectSink final : public ReplySink {
 public:
  explicit DirectSink(std::shared_ptr<OutputChannel> out) : out_(std::move(out)) {}
  void deliver(std::optional<Json> response) override {
    if (response) {
      out_->send(*response);
    } else {
      out_->settled_without_answer();
    }
  }

 private:
  std::shared_ptr<OutputChannel> out_;
};

// The id of a message whose frame could not be used as a whole, when the part that was read carries a valid one.
Json readable_id(const Json& message) {
  if (!message.is_object()) return nullptr;
  const auto it = message.find("id");
  return it != message.end() && is_valid_id(*it) ? *it : Json(nullptr);
}

}  // namespace

// Requests in flight on one connection. Shared with the hooks of each Reply, so a late answer after the
// connection is gone still finds it.
struct Connection::InFlight {
  struct Entry {
    CancellationToken cancel;
    std::string method;
  };

  mutable std::mutex mutex;
  mutable std::condition_variable idle;
  std::map<std::string, std::shared_ptr<Entry>> by_id;  // neither answered nor cancelled yet, by compact id
  std::size_t unsettled = 0;                             // accepted and not yet settled
};

// Collects the answers to a batch (they may arrive from workers in any order) and sends them as one array once
// every element has been answered; nothing at all when no element produced a response.
class Connection::BatchCollector final : public ReplySink {
 public:
  BatchCollector(std::shared_ptr<OutputChannel> out, std::size_t messages)
      : out_(std::move(out)), outstanding_(messages) {}
  void deliver(std::optional<Json> response) override {
    std::lock_guard lock(mutex_);
    if (response) responses_.push_back(std::move(*response));
    if (--outstanding_ != 0) return;
    if (responses_.empty()) {
      out_->settled_without_answer();
    } else {
      out_->send(responses_);
    }
  }

 private:
  std::shared_ptr<OutputChannel> out_;
  std::mutex mutex_;
  std::size_t outstanding_;
  Json responses_ = Json::array();
};

Connection::Connection(OutputChannel& out, Handler& handler, std::string cancel_method)
    : out_(out),
      shared_out_(std::shared_ptr<void>(), &out),
      handler_(handler),
      cancel_method_(std::move(cancel_method)),
      in_flight_(std::make_shared<InFlight>()),
      direct_(std::make_shared<DirectSink>(shared_out_)) {}

Connection::~Connection() = default;

void Connection::receive(std::string_view frame) { receive(frame, shared_out_); }

void Connection::receive(std::string_view frame, const std::shared_ptr<OutputChannel>& out) {
  // The last line of defence (each message is guarded again below, where its id is known): a frame can never end
  // the process, not even through bad_alloc.
  try {
    const std::string text = sanitize_utf8(frame);
    if (nests_deeper_than(text, kMaxJsonNesting)) {
      out->send(error(nullptr, kInvalidRequest,
                      "Invalid Request: JSON nested deeper than " + std::to_string(kMaxJsonNesting) + " levels"));
      return;
    }
    ParsedLine parsed = parse_json_line(text);
    if (parsed.value.is_discarded()) {
      out->send(error(readable_id(parsed.before_nul), kParseError, "Parse error: " + parsed.error));
      return;
    }
    if (parsed.value.is_array()) {
      receive_batch(parsed.value, parsed.out_of_range, out);
    } else {
      receive_message(parsed.value, parsed.out_of_range,
                      out == shared_out_ ? direct_ : std::make_shared<DirectSink>(out), out, false);
    }
  } catch (const std::exception& e) {
    spdlog::error("defect: reading a frame threw: {}", e.what());
    out->send(error(nullptr, kInternalError, std::string("Internal error: ") + e.what()));
  } catch (...) {
    spdlog::error("defect: reading a frame threw a non-standard exception");
    out->send(error(nullptr, kInternalError, "Internal error"));
  }
}

void Connection::reject_oversize(std::size_t limit) {
  spdlog::warn("dropped an input line longer than {} bytes", limit);
  out_.send(error(nullptr, kInvalidRequest,
                  "Invalid Request: message longer than " + std::to_string(limit) +
                      " bytes (--max-line-bytes); it was discarded"));
}

void Connection::receive_batch(const Json& batch, const std::vector<OutOfRangeNumber>& out_of_range,
                               const std::shared_ptr<OutputChannel>& out) {
  if (!handler_.accepts_batches()) {
    out->send(error(nullptr, kInvalidRequest,
                    "Invalid Request: JSON-RPC batches are only supported in protocol version 2025-03-26"));
    return;
  }
  if (batch.empty()) {
    out->send(error(nullptr, kInvalidRequest, "Invalid Request: empty batch"));
    return;
  }
  auto collector = std::make_shared<BatchCollector>(out, batch.size());
  const auto numbers = out_of_range_by_element(out_of_range, batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) receive_message(batch[i], numbers[i], collector, out, true);
}

void Connection::receive_message(const Json& message, const std::vector<OutOfRangeNumber>& out_of_range,
                                 const std::shared_ptr<ReplySink>& sink, const std::shared_ptr<OutputChannel>& out,
                                 bool in_batch) {
  // Each path hands the message over exactly once (an answer, nothing, or a Reply for the handler); if anything
  // throws before that, the message is answered here, so that neither the process nor a batch is left hanging.
  bool handed_over = false;
  const auto deliver = [&](std::optional<Json> response) {
    handed_over = true;
    sink->deliver(std::move(response));
  };
  try {
    if (!message.is_object()) {
      deliver(error(nullptr, kInvalidRequest, "Invalid Request: a message must be a JSON object"));
      return;
    }
    const auto id_it = message.find("id");
    const bool has_id = id_it != message.end();
    const Json id = has_id && is_valid_id(*id_it) ? *id_it : Json(nullptr);
    const auto method_it = message.find("method");
    if (method_it == message.end()) {
      const bool is_response = has_id && (message.contains("result") || message.contains("error"));
      // A response is ignored: this server never sends requests, so there is nothing to match it with.
      deliver(is_response ? std::nullopt
                          : std::optional<Json>(error(id, kInvalidRequest, "Invalid Request: missing \"method\"")));
      return;
    }
    const auto jsonrpc_it = message.find("jsonrpc");
    if (jsonrpc_it == message.end() || *jsonrpc_it != "2.0") {
      deliver(error(id, kInvalidRequest, "Invalid Request: \"jsonrpc\" must be \"2.0\""));
      return;
    }
    if (!method_it->is_string()) {
      deliver(error(id, kInvalidRequest, "Invalid Request: \"method\" must be a string"));
      return;
    }
    if (has_id && id.is_null()) {
      const auto unreadable = out_of_range_under(out_of_range, {std::string("id")});
      deliver(error(nullptr, kInvalidRequest,
                    unreadable.empty() ? "Invalid Request: \"id\" must be a string or an integer (not null)"
                                       : "Invalid Request: " + describe_out_of_range(unreadable.front(), "\"id\"")));
      return;
    }
    const std::string& method = method_it->get_ref<const std::string&>();
    const auto params_it = message.find("params");
    const Json params = params_it == message.end() || params_it->is_null() ? Json::object() : *params_it;
    if (!has_id) {
      deliver(std::nullopt);  // never answered, whatever happens below
      if (!params.is_object()) return;  // malformed notifications are ignored
      if (method == cancel_method_) {
        cancel(params);
      } else {
        handler_.on_notification(method, params);
      }
      return;
    }
    if (!params.is_object()) {
      deliver(error(id, kInvalidParams, "Invalid params: \"params\" must be an object"));
      return;
    }
    handed_over = true;
    dispatch(Request{id, method, params, out_of_range_under(out_of_range, {std::string("params")}), in_batch},
             sink, out);
  } catch (const std::exception& e) {
    spdlog::error("defect: reading a message threw: {}", e.what());
    if (!handed_over) sink->deliver(error(readable_id(message), kInternalError, std::string("Internal error: ") + e.what()));
  } catch (...) {
    spdlog::error("defect: reading a message threw a non-standard exception");
    if (!handed_over) sink->deliver(error(readable_id(message), kInternalError, "Internal error"));
  }
}

void Connection::dispatch(Request request, const std::shared_ptr<ReplySink>& sink,
                          const std::shared_ptr<OutputChannel>& out) {
  const std::string key = dump_compact(request.id);
  auto entry = std::make_shared<InFlight::Entry>();
  entry->method = request.method;
  {
    std::lock_guard lock(in_flight_->mutex);
    if (in_flight_->by_id.count(key) != 0) {
      sink->deliver(error(request.id, kInvalidRequest,
                          "Invalid Request: id " + key + " is already in use by a request in flight"));
      return;
    }
    in_flight_->by_id[key] = entry;
    ++in_flight_->unsettled;
  }
  Reply::Hooks hooks;
  hooks.before_answer = [in_flight = in_flight_, key, entry] {
    std::lock_guard lock(in_flight->mutex);
    // Only this request's own entry: after a cancellation the client may already have reused the id.
    if (auto it = in_flight->by_id.find(key); it != in_flight->by_id.end() && it->second == entry) {
      in_flight->by_id.erase(it);
    }
  };
  hooks.after_settled = [in_flight = in_flight_] {
    {
      std::lock_guard lock(in_flight->mutex);
      --in_flight->unsettled;
    }
    in_flight->idle.notify_all();
  };
  const Reply reply(request.id, sink, out, entry->cancel, std::move(hooks));
  const std::string method = request.method;
  // No input may end the process: whatever the handler throws is answered here.
  try {
    handler_.on_request(std::move(request), reply);
  } catch (const InvalidParams& e) {
    reply.error(kInvalidParams, e.what());
  } catch (const std::exception& e) {
    spdlog::error("defect: {} threw: {}", dump_compact(method), e.what());
    reply.error(kInternalError, std::string("Internal error: ") + e.what());
  } catch (...) {
    spdlog::error("defect: {} threw a non-standard exception", dump_compact(method));
    reply.error(kInternalError, "Internal error");
  }
}

void Connection::cancel(const Json& params) {
  const auto id_it = params.find("requestId");
  if (id_it == params.end() || !is_valid_id(*id_it)) return;  // malformed: ignored
  const std::string key = dump_compact(*id_it);
  std::shared_ptr<InFlight::Entry> entry;
  {
    std::lock_guard lock(in_flight_->mutex);
    if (auto it = in_flight_->by_id.find(key); it != in_flight_->by_id.end()) {
      entry = it->second;
      in_flight_->by_id.erase(it);  // the id is free again: a cancelled request is never answered
    }
  }
  if (!entry) return;  // unknown or already answered: races with the response are normal
  const auto reason = params.find("reason");
  spdlog::info("{} (id {}) cancelled by the client: {}", entry->method, key,
               reason != params.end() ? dump_compact(*reason) : std::string("no reason given"));
  entry->cancel.cancel();
}

void Connection::notify(const std::string& method, Json params) { out_.send(notification(method, std::move(params))); }

void Connection::cancel_all() {
  std::map<std::string, std::shared_ptr<InFlight::Entry>> cancelled;
  {
    std::lock_guard lock(in_flight_->mutex);
    cancelled.swap(in_flight_->by_id);
  }
  for (const auto& [key, entry] : cancelled) entry->cancel.cancel();
}

std::size_t Connection::in_flight() const {
  std::lock_guard lock(in_flight_->mutex);
  return in_flight_->unsettled;
}

bool Connection::wait_idle_until(SteadyTime until) const {
  std::unique_lock lock(in_flight_->mutex);
  return in_flight_->idle.wait_until(lock, until, [this] { return in_flight_->unsettled == 0; });
}

}  // namespace ca::server::rpc

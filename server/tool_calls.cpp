// tools/call: argument checks that are protocol faults, the bounded queue, deadlines, cancellation (a cancelled
// call is never answered) and progress (strictly increasing, never after the response).
#include <spdlog/spdlog.h>

#include "server/json_depth.hpp"
#include "server/jsonrpc.hpp"
#include "server/protocol_version.hpp"
#include "server/session.hpp"
#include "server/session_internal.hpp"
#include "server/tool_rendering.hpp"

namespace ca::server {
namespace {

// Some clients send `arguments` as a JSON-encoded string; accept it when it decodes to an object.
std::optional<Json> decode_arguments(const Json& params) {
  const auto it = params.find("arguments");
  if (it == params.end() || it->is_null()) return Json::object();
  if (it->is_object()) return *it;
  if (it->is_string() && !nests_deeper_than(it->get_ref<const std::string&>(), kMaxJsonNesting)) {
    Json decoded = Json::parse(it->get<std::string>(), nullptr, false);
    if (decoded.is_object()) return decoded;
  }
  return std::nullopt;
}

Json progress_token_of(const Json& params) {
  const auto meta = params.find("_meta");
  if (meta == params.end() || !meta->is_object()) return nullptr;
  const Json token = meta->value("progressToken", Json());
  return rpc::is_valid_id(token) ? token : Json(nullptr);
}

}  // namespace

std::optional<Json> Session::call_tool(const Json& id, const Json& params, const std::shared_ptr<Reply>& reply) {
  const Json name = params.value("name", Json());
  if (!name.is_string()) {
    return rpc::error(id, rpc::kInvalidParams, "Invalid params: tools/call needs \"name\", a string");
  }
  tools::Tool* tool = registry_.find(name.get<std::string>());
  if (tool == nullptr) return rpc::error(id, rpc::kInvalidParams, "Unknown tool: " + name.get<std::string>());
  auto arguments = decode_arguments(params);
  if (!arguments) {
    return rpc::error(id, rpc::kInvalidParams, "Invalid params: \"arguments\" must be an object");
  }

  auto call = std::make_shared<Call>();
  call->id = id;
  call->name = name.get<std::string>();
  call->tool = tool;
  call->arguments = std::move(*arguments);
  call->deadline = options_.clock->now() + options_.call_timeout;
  call->progress_token = progress_token_of(params);
  call->reply = reply;
  const std::string key = dump_compact(id);
  {
    std::lock_guard lock(mutex_);
    call->version = version_;
    if (calls_.count(key) != 0) {
      return rpc::error(id, rpc::kInvalidRequest, "Invalid Request: id " + key + " is already in use by a call");
    }
    calls_[key] = call;
    ++unfinished_calls_;
  }
  if (pool_.try_submit([this, call] { run_call(call); })) return std::nullopt;

  {
    std::lock_guard lock(mutex_);
    calls_.erase(key);
    --unfinished_calls_;
  }
  spdlog::warn("tools/call {} refused: {} workers busy and {} calls queued", call->name, options_.workers,
               options_.queue_limit);
  return rpc::result(id, error_result("The server is busy: " + std::to_string(options_.workers) +
                                      " calls are running and " + std::to_string(options_.queue_limit) +
                                      " are queued. Retry in a few seconds, or make fewer calls at once."));
}

void Session::run_call(const std::shared_ptr<Call>& call) {
  if (call->cancel.cancelled()) {  // cancelled while queued
    finish_call(call, nullptr);
    return;
  }
  tools::ToolContext context;
  context.cancel = call->cancel;
  context.deadline = call->deadline;
  context.clock = options_.clock;
  context.settings = options_.tool_settings;
  if (!call->progress_token.is_null()) {
    context.on_progress = [this, call](double progress, std::optional<double> total, const std::string& message) {
      send_progress(*call, progress, total, message);
    };
  }
  // Validation, the tool itself, exceptions and the output-schema check all happen in the registry.
  const tools::ToolResult result = registry_.run(*call->tool, call->arguments, context);
  finish_call(call, rpc::result(call->id, render_result(result, call->version)));
}

void Session::finish_call(const std::shared_ptr<Call>& call, const Json& response) {
  {
    std::lock_guard lock(mutex_);
    calls_.erase(dump_compact(call->id));  // the id may be reused as soon as the client sees the response
  }
  {
    std::lock_guard lock(call->mutex);
    call->answered = true;
    const bool cancelled = call->cancel.cancelled();
    call->reply->deliver(cancelled || response.is_null() ? std::nullopt : std::optional<Json>(response));
  }
  call->reply.reset();  // a batch collector must not outlive its batch through a tool's copy of on_progress
  {
    std::lock_guard lock(mutex_);
    --unfinished_calls_;
  }
  idle_.notify_all();
}

void Session::send_progress(Call& call, double progress, std::optional<double> total, const std::string& message) {
  std::lock_guard lock(call.mutex);
  if (call.answered || call.cancel.cancelled() || !(progress > call.last_progress)) return;
  call.last_progress = progress;
  Json params = {{"progressToken", call.progress_token}, {"progress", progress}};
  if (total) params["total"] = *total;
  if (!message.empty() && has_progress_message(call.version)) params["message"] = message;
  out_.send(rpc::notification("notifications/progress", std::move(params)));
}

void Session::handle_notification(const std::string& method, const Json& params) {
  if (method != "notifications/cancelled") return;  // initialized, roots/list_changed, ...: nothing to do
  const Json request_id = params.value("requestId", Json());
  std::shared_ptr<Call> call;
  {
    std::lock_guard lock(mutex_);
    if (auto it = calls_.find(dump_compact(request_id)); it != calls_.end()) call = it->second;
  }
  if (!call) return;  // unknown or already answered: races with the response are normal
  spdlog::info("tools/call {} (id {}) cancelled by the client: {}", call->name, dump_compact(request_id),
               params.value("reason", Json("no reason given")).dump());
  call->cancel.cancel();
}

void Session::cancel_all() {
  std::lock_guard lock(mutex_);
  for (const auto& [key, call] : calls_) call->cancel.cancel();
}

bool Session::wait_idle_until(SteadyTime until) {
  std::unique_lock lock(mutex_);
  return idle_.wait_until(lock, until, [this] { return unfinished_calls_ == 0; });
}

bool Session::drain(Millis grace) {
  SteadyTime last_deadline = options_.clock->now();
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, call] : calls_) last_deadline = std::max(last_deadline, call->deadline);
  }
  // Deadlines come from options_.clock, which is the system clock outside tests; waits are on the steady clock.
  const auto remaining = last_deadline - options_.clock->now();
  if (wait_idle_until(std::chrono::steady_clock::now() + remaining + grace)) return true;
  spdlog::warn("{} calls still running past their deadline at shutdown; cancelling them", calls_in_flight());
  cancel_all();
  return wait_idle_until(std::chrono::steady_clock::now() + grace);
}

std::size_t Session::calls_in_flight() const {
  std::lock_guard lock(mutex_);
  return unfinished_calls_;
}

}  // namespace ca::server

// tools/call in both eras: argument checks that are protocol faults, the bounded queue, deadlines, cancellation (a
// cancelled call is never answered) and progress (strictly increasing, never after the response).
#include <spdlog/spdlog.h>

#include "server/json_depth.hpp"
#include "server/jsonrpc.hpp"
#include "server/params.hpp"
#include "server/protocol_version.hpp"
#include "server/request_log.hpp"
#include "server/session_internal.hpp"
#include "server/tool_rendering.hpp"

namespace ca::server {
namespace {

// Tool arguments as given: an object, absent/null (no arguments), or, because some clients double-encode them, a
// JSON string holding an object. The numbers a double cannot hold (paths relative to the arguments) come along,
// so that the call can be answered naming the argument they sit in.
struct Arguments {
  Json value;
  std::vector<OutOfRangeNumber> out_of_range;
};

std::optional<Arguments> decode_arguments(const rpc::Request& request) {
  const auto it = request.params.find("arguments");
  if (it == request.params.end() || it->is_null()) return Arguments{Json::object(), {}};
  if (it->is_object()) return Arguments{*it, out_of_range_under(request.out_of_range, {std::string("arguments")})};
  if (it->is_string() && !nests_deeper_than(it->get_ref<const std::string&>(), kMaxJsonNesting)) {
    ParsedLine decoded = parse_json_line(it->get_ref<const std::string&>());
    if (decoded.value.is_object()) return Arguments{std::move(decoded.value), std::move(decoded.out_of_range)};
  }
  return std::nullopt;
}

Json progress_token_of(const Json& params) {
  const Json* meta = read_param(params, "_meta", ParamType::Object);
  if (meta == nullptr) return nullptr;
  const Json* token = read_param(*meta, "progressToken", ParamType::StringOrInteger, "_meta");
  return token != nullptr ? *token : Json(nullptr);
}

// Sends one progress notification unless it does not increase; dropped once the call is answered or cancelled.
void send_progress(Session::Call& call, double progress, std::optional<double> total, const std::string& message) {
  std::lock_guard lock(call.progress_mutex);
  if (!(progress > call.last_progress)) return;
  Json params = {{"progressToken", call.progress_token}, {"progress", progress}};
  if (total) params["total"] = *total;
  if (!message.empty() && has_progress_message(call.version)) params["message"] = message;
  if (call.reply.notify("notifications/progress", std::move(params))) call.last_progress = progress;
}

}  // namespace

void Session::call_tool(Context& context) {
  const rpc::Request& request = context.request;
  const Json* name = read_param(request.params, "name", ParamType::String);
  if (name == nullptr) {
    context.reply.error(rpc::kInvalidParams, "Invalid params: tools/call needs \"name\", a string");
    return;
  }
  tools::Tool* tool = core_.registry().find(name->get<std::string>());
  if (tool == nullptr) {
    context.reply.error(rpc::kInvalidParams, "Unknown tool: " + name->get<std::string>());
    return;
  }
  auto arguments = decode_arguments(request);
  if (!arguments) {
    context.reply.error(rpc::kInvalidParams, "Invalid params: \"arguments\" must be an object");
    return;
  }
  Json progress_token = progress_token_of(request.params);
  if (!arguments->out_of_range.empty()) {
    // Answered as the tool's own argument error, so that the model reads which argument to fix.
    const auto& first = arguments->out_of_range.front();
    answer(context.reply, context.version, render_result(tools::ToolResult::error(
                                      "Invalid argument `" + format_json_path(first.path) + "`: " +
                                      describe_out_of_range(first, "the value") +
                                      ", which this server cannot read. Send a number within the argument's limits."),
                                  context.version));
    return;
  }

  const SessionOptions& options = core_.options();
  auto call = std::make_shared<Call>();
  call->name = name->get<std::string>();
  call->tool = tool;
  call->arguments = std::move(arguments->value);
  call->version = context.version;
  call->deadline = options.clock->now() + options.call_timeout;
  call->progress_token = std::move(progress_token);
  call->log_level = context.log_level;
  call->reply = context.reply;
  {
    std::lock_guard lock(mutex_);
    last_deadline_ = std::max(last_deadline_, call->deadline);
  }
  if (core_.pool().try_submit([this, call] { run_call(call); })) return;

  spdlog::warn("tools/call {} refused: {} workers busy and {} calls queued", call->name, options.workers,
               options.queue_limit);
  answer(context.reply, context.version, render_result(tools::ToolResult::error(
                                    "The server is busy: " + std::to_string(options.workers) +
                                    " calls are running and " + std::to_string(options.queue_limit) +
                                    " are queued. Retry in a few seconds, or make fewer calls at once."),
                                context.version));
}

void Session::run_call(const std::shared_ptr<Call>& call) {
  // Cancelled while queued: never run, never answered (dropping a cancelled reply is not a defect).
  if (call->reply.cancellation().cancelled()) return;
  tools::ToolContext context;
  context.cancel = call->reply.cancellation();
  context.deadline = call->deadline;
  context.clock = core_.options().clock;
  context.settings = core_.options().tool_settings;
  if (!call->progress_token.is_null()) {
    // Holds the call, not the session: a tool may keep the callback longer than the session lives.
    context.on_progress = [call](double progress, std::optional<double> total, const std::string& message) {
      send_progress(*call, progress, total, message);
    };
  }
  tools::ToolResult result;
  {
    // Until the call is answered the session exists (its destructor waits for every call), so the legacy sender
    // may point at it; the scope ends before the answer.
    const RequestLogScope log_scope(is_modern(call->version) ? request_log_sender(call->reply, call->log_level)
                                                             : legacy_log_sender());
    // Validation, the tool itself, exceptions and the output-schema check all happen in the registry.
    result = core_.registry().run(*call->tool, call->arguments, context);
  }
  Json rendered = render_result(std::move(result), call->version);
  // The client may send its next call the moment it reads this answer, before this worker is back in the pool
  // (it may even be preempted by the client it wakes): let this worker, warm, take that call.
  WorkerPool::job_finishing();
  answer(call->reply, call->version, std::move(rendered));
}

}  // namespace ca::server

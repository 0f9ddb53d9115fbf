// The era of a session and the dispatch of each request to its era's method table; tools/list and logging to
// the client, which both eras share.
#include "server/session.hpp"

#include <spdlog/spdlog.h>

#include "server/jsonrpc.hpp"
#include "server/modern_envelope.hpp"
#include "server/params.hpp"
#include "server/protocol_version.hpp"
#include "server/request_log.hpp"
#include "server/server_identity.hpp"
#include "server/session_internal.hpp"
#include "server/tool_rendering.hpp"

namespace ca::server {

ServerCore::ServerCore(const tools::ToolRegistry& registry, SessionOptions options)
    : registry_(registry), options_(std::move(options)), pool_(options_.workers, options_.queue_limit) {}

Session::Session(ServerCore& core, OutputChannel& out)
    : core_(core), connection_(out, *this, "notifications/cancelled") {}

Session::~Session() {
  cancel_all();
  // Cancelled calls end at their tool's next cancellation check. The pool belongs to the core and outlives this
  // session, so wait here for the calls that still point at it (in slices: a far time point may overflow).
  while (!wait_idle_until(std::chrono::steady_clock::now() + std::chrono::hours(1))) {
  }
}

Session::Era Session::era() const {
  std::lock_guard lock(mutex_);
  return era_;
}

Session::Era Session::era_for(const rpc::Request& request) {
  std::lock_guard lock(mutex_);
  if (era_ != Era::Undecided) return era_;
  // server/discover exists only in 2026-07-28; a dual-era client sends it as a probe before it decides, so it is
  // answered in that era without pinning it. Otherwise the first request without the revision's _meta envelope
  // starts the handshake era (initialize, or a ping or anything else a legacy client sends first), and the first
  // with an envelope that is accepted pins the modern era (a refused one pins nothing).
  if (request.method == "server/discover") return Era::Modern;
  if (!has_modern_claim(request.params)) {
    era_ = Era::Legacy;
  } else if (std::holds_alternative<Envelope>(read_envelope(request.params))) {
    era_ = Era::Modern;
  }
  return era_ == Era::Undecided ? Era::Modern : era_;
}

void Session::on_request(rpc::Request request, rpc::Reply reply) {
  if (era_for(request) == Era::Modern) {
    serve_modern(request, reply);
  } else {
    const RequestLogScope log_scope(legacy_log_sender());
    serve_legacy(request, reply);
  }
}

RequestLogScope::Sender Session::legacy_log_sender() {
  return [this](LogLevel level, const std::string& logger, const std::string& text) {
    log_to_client(level, logger, text);
  };
}

void Session::on_notification(const std::string&, const Json&) {
  // notifications/initialized, roots/list_changed, ...: nothing to do (cancellation is the Connection's).
}

bool Session::accepts_batches() const {
  std::lock_guard lock(mutex_);
  return era_ == Era::Legacy && allows_batches(version_);
}

void Session::serve_legacy(rpc::Request& request, const rpc::Reply& reply) {
  const auto& methods = legacy_methods();
  const auto method = methods.find(request.method);
  if (method == methods.end()) {
    reply.error(rpc::kMethodNotFound, "Method not found: " + request.method);
    return;
  }
  Context context{request, reply, {}, std::nullopt};
  {
    std::lock_guard lock(mutex_);
    if (!initialized_ && !method->second.before_initialize) {
      reply.error(rpc::kInvalidRequest, "Invalid Request: the server is not initialized; send initialize first");
      return;
    }
    context.version = version_;
  }
  if (request.in_batch && !method->second.batchable) {
    reply.error(rpc::kInvalidRequest, "Invalid Request: " + request.method + " must not be batched");
    return;
  }
  if (reject_out_of_range(context)) return;
  (this->*method->second.handler)(context);
}

void Session::serve_modern(rpc::Request& request, const rpc::Reply& reply) {
  const auto& methods = modern_methods();
  const auto method = methods.find(request.method);
  if (method == methods.end()) {
    reply.error(rpc::kMethodNotFound,
                "Method not found: " + request.method + " (not a method of protocol " + kModernProtocolVersion + ")");
    return;
  }
  Context context{request, reply, kModernProtocolVersion, std::nullopt};
  if (reject_out_of_range(context)) return;
  auto envelope = read_envelope(request.params);
  if (auto* refused = std::get_if<EnvelopeError>(&envelope)) {
    reply.error(refused->code, refused->message, refused->data);
    return;
  }
  auto& accepted = std::get<Envelope>(envelope);
  const Json missing = missing_capabilities(method->second.required_client_capabilities, accepted.client_capabilities);
  if (!missing.empty()) {
    reply.error(kMissingRequiredClientCapability,
                "Missing required client capability: " + request.method + " needs " + dump_compact(missing),
                {{"requiredCapabilities", missing}});
    return;
  }
  context.version = accepted.protocol_version;
  context.log_level = accepted.log_level;
  const RequestLogScope log_scope(request_log_sender(reply, accepted.log_level));
  (this->*method->second.handler)(context);
}

bool Session::reject_out_of_range(const Context& context) {
  const bool is_call = context.request.method == "tools/call";
  for (const auto& number : context.request.out_of_range) {
    if (is_call && path_starts_with(number.path, {std::string("arguments")})) continue;
    context.reply.error(rpc::kInvalidParams,
                        "Invalid params: " + describe_out_of_range(number, "params." + format_json_path(number.path)));
    return true;
  }
  return false;
}

void Session::answer(const rpc::Reply& reply, const std::string& version, Json result) {
  reply.result(is_modern(version) ? complete_result(std::move(result), server_info(version)) : std::move(result));
}

void Session::list_tools(Context& context) {
  // One page holds every tool, so the only valid cursor is the start of the list: absent, null or "".
  const Json* cursor = read_param(context.request.params, "cursor", ParamType::String);
  if (cursor != nullptr && !cursor->get_ref<const std::string&>().empty()) {
    context.reply.error(rpc::kInvalidParams, "Invalid params: unknown cursor " + dump_compact(*cursor));
    return;
  }
  Json tools = Json::array();
  for (const auto& tool : core_.registry().tools()) tools.push_back(render_tool(tool->definition(), context.version));
  Json result = {{"tools", std::move(tools)}};
  answer(context.reply, context.version,
         is_modern(context.version) ? with_cache_hints(std::move(result)) : std::move(result));
}

void Session::log_to_client(LogLevel level, const std::string& logger, const std::string& text) {
  const int wanted = client_log_level_;
  if (wanted < 0 || static_cast<int>(level) < wanted) return;
  connection_.notify("notifications/message", log_message_params(level, logger, text));
}

bool Session::drain(Millis grace) {
  const Clock& clock = *core_.options().clock;
  SteadyTime last_deadline;
  {
    std::lock_guard lock(mutex_);
    last_deadline = std::max(last_deadline_, clock.now());
  }
  // Deadlines come from the options' clock, which is the system clock outside tests; waits are on the steady clock.
  const auto remaining = last_deadline - clock.now();
  if (wait_idle_until(std::chrono::steady_clock::now() + remaining + grace)) return true;
  spdlog::warn("{} calls still running past their deadline at shutdown; cancelling them", calls_in_flight());
  cancel_all();
  return wait_idle_until(std::chrono::steady_clock::now() + grace);
}

}  // namespace ca::server

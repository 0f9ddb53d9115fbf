#include "server/session.hpp"

#include <spdlog/spdlog.h>

#include "common/version.hpp"
#include "server/json_depth.hpp"
#include "server/jsonrpc.hpp"
#include "server/protocol_version.hpp"
#include "server/session_internal.hpp"
#include "server/tool_rendering.hpp"
#include "server/utf8.hpp"

namespace ca::server {
namespace {

class DirectReply final : public Session::Reply {
 public:
  explicit DirectReply(OutputChannel& out) : out_(out) {}
  void deliver(std::optional<Json> response) override {
    if (response) out_.send(*response);
  }

 private:
  OutputChannel& out_;
};

// Collects the answers to a batch (which may arrive from workers in any order) and sends them as one array once
// every message has been handled; nothing at all when the batch held only notifications and cancelled calls.
class BatchCollector final : public Session::Reply {
 public:
  BatchCollector(OutputChannel& out, std::size_t messages) : out_(out), outstanding_(messages) {}
  void deliver(std::optional<Json> response) override {
    std::lock_guard lock(mutex_);
    if (response) responses_.push_back(std::move(*response));
    if (--outstanding_ == 0 && !responses_.empty()) out_.send(responses_);
  }

 private:
  OutputChannel& out_;
  std::mutex mutex_;
  std::size_t outstanding_;
  Json responses_ = Json::array();
};

bool is_known_method(const std::string& method) {
  return method == "initialize" || method == "ping" || method == "logging/setLevel" || method == "tools/list" ||
         method == "tools/call";
}

}  // namespace

Session::Session(const tools::ToolRegistry& registry, OutputChannel& out, SessionOptions options)
    : registry_(registry), out_(out), options_(std::move(options)), pool_(options_.workers, options_.queue_limit) {}

Session::~Session() { cancel_all(); }

std::string Session::version() const {
  std::lock_guard lock(mutex_);
  return version_;
}

void Session::handle_line(std::string_view line) {
  const std::string text = sanitize_utf8(line);
  if (nests_deeper_than(text, kMaxJsonNesting)) {
    out_.send(rpc::error(nullptr, rpc::kInvalidRequest,
                         "Invalid Request: JSON nested deeper than " + std::to_string(kMaxJsonNesting) + " levels"));
    return;
  }
  Json message;
  try {
    message = Json::parse(text);
  } catch (const Json::parse_error& e) {
    out_.send(rpc::error(nullptr, rpc::kParseError, std::string("Parse error: ") + e.what()));
    return;
  }
  if (message.is_array()) {
    handle_batch(message);
  } else {
    handle_message(message, std::make_shared<DirectReply>(out_), false);
  }
}

void Session::reject_oversize_line(std::size_t limit) {
  spdlog::warn("dropped an input line longer than {} bytes", limit);
  out_.send(rpc::error(nullptr, rpc::kInvalidRequest,
                       "Invalid Request: message longer than " + std::to_string(limit) +
                           " bytes (--max-line-bytes); it was discarded"));
}

void Session::handle_batch(const Json& batch) {
  if (!allows_batches(version())) {
    out_.send(rpc::error(nullptr, rpc::kInvalidRequest,
                         "Invalid Request: JSON-RPC batches are only supported in protocol version 2025-03-26"));
    return;
  }
  if (batch.empty()) {
    out_.send(rpc::error(nullptr, rpc::kInvalidRequest, "Invalid Request: empty batch"));
    return;
  }
  auto collector = std::make_shared<BatchCollector>(out_, batch.size());
  for (const auto& message : batch) handle_message(message, collector, true);
}

void Session::handle_message(const Json& message, const std::shared_ptr<Reply>& reply, bool in_batch) {
  if (!message.is_object()) {
    reply->deliver(rpc::error(nullptr, rpc::kInvalidRequest, "Invalid Request: a message must be a JSON object"));
    return;
  }
  const auto id_it = message.find("id");
  const bool has_id = id_it != message.end();
  const Json id = has_id && rpc::is_valid_id(*id_it) ? *id_it : Json(nullptr);
  const auto method_it = message.find("method");
  if (method_it == message.end()) {
    if (has_id && (message.contains("result") || message.contains("error"))) {
      reply->deliver(std::nullopt);  // a response, but this server never sends requests: nothing to match
      return;
    }
    reply->deliver(rpc::error(id, rpc::kInvalidRequest, "Invalid Request: missing \"method\""));
    return;
  }
  if (message.value("jsonrpc", Json()) != "2.0") {
    reply->deliver(rpc::error(id, rpc::kInvalidRequest, "Invalid Request: \"jsonrpc\" must be \"2.0\""));
    return;
  }
  if (!method_it->is_string()) {
    reply->deliver(rpc::error(id, rpc::kInvalidRequest, "Invalid Request: \"method\" must be a string"));
    return;
  }
  if (has_id && id.is_null()) {
    reply->deliver(rpc::error(nullptr, rpc::kInvalidRequest,
                              "Invalid Request: \"id\" must be a string or an integer (not null)"));
    return;
  }
  const std::string method = method_it->get<std::string>();
  Json params = message.value("params", Json::object());
  if (params.is_null()) params = Json::object();  // "params":null means no params
  if (!has_id) {
    if (params.is_object()) handle_notification(method, params);  // malformed notifications are ignored
    reply->deliver(std::nullopt);
    return;
  }
  if (!params.is_object()) {
    reply->deliver(rpc::error(id, rpc::kInvalidParams, "Invalid params: \"params\" must be an object"));
    return;
  }
  if (auto response = handle_request(id, method, params, reply, in_batch)) reply->deliver(std::move(*response));
}

std::optional<Json> Session::handle_request(const Json& id, const std::string& method, const Json& params,
                                            const std::shared_ptr<Reply>& reply, bool in_batch) {
  if (!is_known_method(method)) return rpc::error(id, rpc::kMethodNotFound, "Method not found: " + method);
  if (method == "ping") return rpc::result(id, Json::object());
  if (method == "initialize") {
    if (in_batch) return rpc::error(id, rpc::kInvalidRequest, "Invalid Request: initialize must not be batched");
    return rpc::result(id, initialize(params));
  }
  {
    std::lock_guard lock(mutex_);
    if (!initialized_) {
      return rpc::error(id, rpc::kInvalidRequest,
                        "Invalid Request: the server is not initialized; send initialize first");
    }
  }
  if (method == "logging/setLevel") return set_log_level(id, params);
  if (method == "tools/list") return list_tools(id, params);
  return call_tool(id, params, reply);
}

Json Session::initialize(const Json& params) {
  const Json requested = params.value("protocolVersion", Json());
  const std::string version = negotiate_protocol_version(requested.is_string() ? requested.get<std::string>() : "");
  {
    std::lock_guard lock(mutex_);
    // A repeated initialize renegotiates; clients that restart a handshake expect an answer, not a fault.
    initialized_ = true;
    version_ = version;
  }
  spdlog::info("initialize: client {} asked for protocol {}, using {}",
               dump_compact(params.value("clientInfo", Json::object()).value("name", Json("?"))),
               dump_compact(requested), version);
  Json server_info = {{"name", "creatoraudit-mcp"}};
  if (has_structured_output(version)) server_info["title"] = "CreatorAudit";
  server_info["version"] = kVersion;
  Json result = {{"protocolVersion", version},
                 {"capabilities", {{"tools", {{"listChanged", false}}}, {"logging", Json::object()}}},
                 {"serverInfo", server_info}};
  if (!options_.instructions.empty()) result["instructions"] = options_.instructions;
  return result;
}

std::optional<Json> Session::set_log_level(const Json& id, const Json& params) {
  const Json level = params.value("level", Json());
  const auto parsed = level.is_string() ? parse_log_level(level.get<std::string>()) : std::nullopt;
  if (!parsed) {
    return rpc::error(id, rpc::kInvalidParams,
                      "Invalid params: \"level\" must be one of debug, info, notice, warning, error, critical, "
                      "alert, emergency (got " + dump_compact(level) + ")");
  }
  client_log_level_ = static_cast<int>(*parsed);
  return rpc::result(id, Json::object());
}

std::optional<Json> Session::list_tools(const Json& id, const Json& params) {
  // One page holds every tool, so the only valid cursor is the start of the list: absent, null or "".
  const Json cursor = params.value("cursor", Json());
  if (!cursor.is_null() && cursor != "") {
    return rpc::error(id, rpc::kInvalidParams, "Invalid params: unknown cursor " + dump_compact(cursor));
  }
  const std::string v = version();
  Json tools = Json::array();
  for (const auto& tool : registry_.tools()) tools.push_back(render_tool(tool->definition(), v));
  return rpc::result(id, {{"tools", std::move(tools)}});
}

void Session::log_to_client(LogLevel level, const std::string& logger, const std::string& text) {
  const int wanted = client_log_level_;
  if (wanted < 0 || static_cast<int>(level) < wanted) return;
  out_.send(rpc::notification("notifications/message",
                              {{"level", to_string(level)}, {"logger", logger}, {"data", text}}));
}

}  // namespace ca::server

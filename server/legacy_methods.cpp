// The 2025-11-25 handshake family (down to 2024-11-05): its method table, and the methods only it has.
#include <spdlog/spdlog.h>

#include "server/jsonrpc.hpp"
#include "server/params.hpp"
#include "server/protocol_version.hpp"
#include "server/server_identity.hpp"
#include "server/session_internal.hpp"

namespace ca::server {

const Session::MethodTable& Session::legacy_methods() {
  static const MethodTable table = {
      {"initialize", {&Session::initialize, /*before_initialize=*/true, /*batchable=*/false}},
      {"ping", {&Session::ping, /*before_initialize=*/true}},
      {"logging/setLevel", {&Session::set_log_level}},
      {"tools/list", {&Session::list_tools}},
      {"tools/call", {&Session::call_tool}},
  };
  return table;
}

void Session::initialize(Context& context) {
  const Json& params = context.request.params;
  const Json* requested = read_param(params, "protocolVersion", ParamType::String);
  std::string client_name = "?";
  if (const Json* client_info = read_param(params, "clientInfo", ParamType::Object)) {
    client_name = read_string_param(*client_info, "name", "clientInfo");
  }
  const std::string version = negotiate_protocol_version(requested != nullptr ? requested->get<std::string>() : "");
  {
    std::lock_guard lock(mutex_);
    // A repeated initialize renegotiates; clients that restart a handshake expect an answer, not a fault.
    initialized_ = true;
    version_ = version;
  }
  spdlog::info("initialize: client {} asked for protocol {}, using {}", dump_compact(client_name),
               requested != nullptr ? dump_compact(*requested) : "null", version);
  Json result = {{"protocolVersion", version},
                 {"capabilities", server_capabilities()},
                 {"serverInfo", server_info(version)}};
  if (const auto& instructions = core_.options().instructions; !instructions.empty()) {
    result["instructions"] = instructions;
  }
  context.reply.result(std::move(result));
}

void Session::ping(Context& context) { context.reply.result(Json::object()); }

void Session::set_log_level(Context& context) {
  const Json* level = read_param(context.request.params, "level", ParamType::String);
  const auto parsed = level != nullptr ? parse_log_level(level->get<std::string>()) : std::nullopt;
  if (!parsed) {
    context.reply.error(rpc::kInvalidParams,
                        "Invalid params: \"level\" must be one of debug, info, notice, warning, error, critical, "
                        "alert, emergency (got " +
                            (level != nullptr ? dump_compact(*level) : std::string("nothing")) + ")");
    return;
  }
  client_log_level_ = static_cast<int>(*parsed);
  context.reply.result(Json::object());
}

}  // namespace ca::server

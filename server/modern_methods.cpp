// The 2026-07-28 stateless revision: its method table, and server/discover. There is no initialize, ping or
// logging/setLevel in this era (each request names its protocol version, capabilities and log level in _meta).
#include "server/modern_envelope.hpp"
#include "server/protocol_version.hpp"
#include "server/server_identity.hpp"
#include "server/session_internal.hpp"

namespace ca::server {

const Session::MethodTable& Session::modern_methods() {
  // No method of this server needs a client capability (no sampling, elicitation or roots), so none is required.
  static const MethodTable table = {
      {"server/discover", {&Session::discover}},
      {"tools/list", {&Session::list_tools}},
      {"tools/call", {&Session::call_tool}},
  };
  return table;
}

void Session::discover(Context& context) {
  Json result = {{"supportedVersions", supported_modern_versions()}, {"capabilities", server_capabilities()}};
  if (const auto& instructions = core_.options().instructions; !instructions.empty()) {
    result["instructions"] = instructions;
  }
  answer(context.reply, context.version, with_cache_hints(std::move(result)));
}

}  // namespace ca::server

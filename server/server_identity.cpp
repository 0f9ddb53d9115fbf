#include "server/server_identity.hpp"

#include "common/version.hpp"
#include "server/protocol_version.hpp"

namespace ca::server {

Json server_info(const std::string& protocol_version) {
  Json info = {{"name", "creatoraudit-mcp"}};
  if (has_structured_output(protocol_version)) info["title"] = "CreatorAudit";
  info["version"] = kVersion;
  return info;
}

Json server_capabilities() { return {{"tools", {{"listChanged", false}}}, {"logging", Json::object()}}; }

}  // namespace ca::server

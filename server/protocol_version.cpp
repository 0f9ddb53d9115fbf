#include "server/protocol_version.hpp"

#include <algorithm>

namespace ca::server {

const std::vector<std::string>& supported_protocol_versions() {
  static const std::vector<std::string> versions = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};
  return versions;
}

const std::vector<std::string>& supported_modern_versions() {
  static const std::vector<std::string> versions = {kModernProtocolVersion};
  return versions;
}

std::string negotiate_protocol_version(const std::string& requested) {
  const auto& versions = supported_protocol_versions();
  if (std::find(versions.begin(), versions.end(), requested) != versions.end()) return requested;
  return kLatestProtocolVersion;
}

}  // namespace ca::server

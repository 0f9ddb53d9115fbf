#include "server/log_level.hpp"

#include <array>

namespace ca::server {
namespace {

constexpr std::array<const char*, 8> kNames = {"debug",    "info",  "notice", "warning",
                                               "error",    "critical", "alert",  "emergency"};

}  // namespace

std::optional<LogLevel> parse_log_level(const std::string& name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (name == kNames[i]) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

const char* to_string(LogLevel level) { return kNames[static_cast<std::size_t>(level)]; }

}  // namespace ca::server

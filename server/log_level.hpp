#pragma once
// MCP log levels (RFC 5424 severities), used by logging/setLevel and notifications/message.
#include <optional>
#include <string>

namespace ca::server {

enum class LogLevel { Debug, Info, Notice, Warning, Error, Critical, Alert, Emergency };

std::optional<LogLevel> parse_log_level(const std::string& name);
const char* to_string(LogLevel level);

}  // namespace ca::server

#include "server/client_log_sink.hpp"

#include "server/logging.hpp"
#include "server/request_log.hpp"

namespace ca::server {

void ClientLogSink::sink_it_(const spdlog::details::log_msg& msg) {
  // Only warnings and worse are worth the model's attention; info/debug stay on stderr.
  LogLevel level;
  switch (msg.level) {
    case spdlog::level::warn: level = LogLevel::Warning; break;
    case spdlog::level::err: level = LogLevel::Error; break;
    case spdlog::level::critical: level = LogLevel::Critical; break;
    default: return;
  }
  const std::string text = escape_log_text(std::string_view(msg.payload.data(), msg.payload.size()));
  if (const RequestLogScope* scope = RequestLogScope::current()) {
    scope->log(level, "creatoraudit-mcp", text);
    return;
  }
  if (Session* session = session_) session->log_to_client(level, "creatoraudit-mcp", text);
}

}  // namespace ca::server

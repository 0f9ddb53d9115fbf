#include "server/client_log_sink.hpp"

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
  Session* session = session_;
  if (session == nullptr) return;
  session->log_to_client(level, "creatoraudit-mcp", std::string(msg.payload.data(), msg.payload.size()));
}

}  // namespace ca::server

#pragma once
// Which client a log record belongs to. While a thread serves a request, a RequestLogScope says where the
// server's warnings go: for 2026-07-28, to that request as notifications/message, and only when it named a level
// in _meta "io.modelcontextprotocol/logLevel"; for 2025-11-25 and earlier, to the request's session, under the
// level its client set with logging/setLevel. The ClientLogSink asks for the current scope, and sends records
// written outside any request to the session it is attached to (stdio's one session). With many sessions in one
// process, each record still reaches only the client whose request produced it.
#include <functional>
#include <optional>
#include <string>

#include "server/log_level.hpp"
#include "server/rpc_reply.hpp"

namespace ca::server {

class RequestLogScope {
 public:
  using Sender = std::function<void(LogLevel level, const std::string& logger, const std::string& text)>;

  // Installs the scope for this thread until destroyed (scopes nest).
  explicit RequestLogScope(Sender sender);
  ~RequestLogScope();
  RequestLogScope(const RequestLogScope&) = delete;
  RequestLogScope& operator=(const RequestLogScope&) = delete;

  // The innermost scope of this thread, or nullptr.
  static const RequestLogScope* current();

  void log(LogLevel level, const std::string& logger, const std::string& text) const { sender_(level, logger, text); }

 private:
  Sender sender_;
  const RequestLogScope* previous_;
};

// A 2026-07-28 request's sender: notifications/message tied to `reply`, at or above `level`; none without a level.
RequestLogScope::Sender request_log_sender(rpc::Reply reply, std::optional<LogLevel> level);

// The params of a notifications/message.
Json log_message_params(LogLevel level, const std::string& logger, const std::string& text);

}  // namespace ca::server

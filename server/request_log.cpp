#include "server/request_log.hpp"

namespace ca::server {
namespace {

thread_local const RequestLogScope* t_current = nullptr;

}  // namespace

RequestLogScope::RequestLogScope(Sender sender) : sender_(std::move(sender)), previous_(t_current) {
  t_current = this;
}

RequestLogScope::~RequestLogScope() { t_current = previous_; }

const RequestLogScope* RequestLogScope::current() { return t_current; }

RequestLogScope::Sender request_log_sender(rpc::Reply reply, std::optional<LogLevel> level) {
  return [reply = std::move(reply), level](LogLevel record, const std::string& logger, const std::string& text) {
    if (level && record >= *level) reply.notify("notifications/message", log_message_params(record, logger, text));
  };
}

Json log_message_params(LogLevel level, const std::string& logger, const std::string& text) {
  return {{"level", to_string(level)}, {"logger", logger}, {"data", text}};
}

}  // namespace ca::server

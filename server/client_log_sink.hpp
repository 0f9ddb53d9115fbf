#pragma once
// Mirrors the server's own warnings and errors to the MCP client as notifications/message: to the request being
// served on this thread when it asked for log messages (2026-07-28, see request_log.hpp), otherwise to the attached
// session if its client asked with logging/setLevel (2025-11-25 and earlier). Attached to the default spdlog
// logger next to the stderr sink.
#include <atomic>
#include <mutex>

#include <spdlog/sinks/base_sink.h>

#include "server/session.hpp"

namespace ca::server {

class ClientLogSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // Until attach() and after detach() (before the session is destroyed) records outside a request scope are dropped.
  void attach(Session* session) { session_ = session; }
  void detach() { session_ = nullptr; }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  std::atomic<Session*> session_{nullptr};
};

}  // namespace ca::server

#pragma once
// Mirrors the server's own warnings and errors to the MCP client as notifications/message, for clients that
// asked with logging/setLevel. Attached to the default spdlog logger next to the stderr sink.
#include <atomic>
#include <mutex>

#include <spdlog/sinks/base_sink.h>

#include "server/session.hpp"

namespace ca::server {

class ClientLogSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // Until attach() and after detach() (before the session is destroyed) records are dropped.
  void attach(Session* session) { session_ = session; }
  void detach() { session_ = nullptr; }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  std::atomic<Session*> session_{nullptr};
};

}  // namespace ca::server

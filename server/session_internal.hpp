#pragma once
// Session internals shared by session.cpp (era choice, dispatch), legacy_methods.cpp, modern_methods.cpp and
// tool_calls.cpp. Not part of the server's interface.
#include <limits>
#include <vector>

#include "server/json_numbers.hpp"
#include "server/session.hpp"

namespace ca::server {

struct Session::Context {
  rpc::Request& request;
  const rpc::Reply& reply;
  std::string version;                // legacy: negotiated (empty before initialize); modern: from _meta
  std::optional<LogLevel> log_level;  // modern: the request's own; legacy: unused (logging/setLevel)
};

struct Session::Method {
  void (Session::*handler)(Context&);
  bool before_initialize = false;  // legacy: may precede initialize
  bool batchable = true;           // legacy 2025-03-26: may sit in a batch
  Json required_client_capabilities = Json::object();  // modern: answered -32021 when the client lacks them
};

struct Session::Call {
  std::string name;
  tools::Tool* tool = nullptr;
  Json arguments;
  std::string version;
  SteadyTime deadline;
  Json progress_token;                // null when the request carried none
  std::optional<LogLevel> log_level;  // modern: the request's log level
  rpc::Reply reply;

  std::mutex progress_mutex;  // progress values must strictly increase
  double last_progress = -std::numeric_limits<double>::infinity();
};

}  // namespace ca::server

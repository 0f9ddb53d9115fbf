#pragma once
// Session internals shared by session.cpp (dispatch, lifecycle) and tool_calls.cpp (calls, cancellation,
// progress). Not part of the server's interface.
#include <limits>
#include <vector>

#include "server/session.hpp"

namespace ca::server {

// Delivers the answer to one message: the response, or nothing (notifications, cancelled calls). Called exactly
// once per message.
class Session::Reply {
 public:
  virtual ~Reply() = default;
  virtual void deliver(std::optional<Json> response) = 0;
};

struct Session::Call {
  Json id;
  std::string name;
  tools::Tool* tool = nullptr;
  Json arguments;
  std::string version;
  SteadyTime deadline;
  CancellationToken cancel;
  Json progress_token;  // null when the request carried none
  std::shared_ptr<Reply> reply;

  std::mutex mutex;  // serialises the response with progress, so no progress follows the response
  bool answered = false;
  double last_progress = -std::numeric_limits<double>::infinity();
};

}  // namespace ca::server

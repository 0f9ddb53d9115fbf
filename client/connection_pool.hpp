#pragma once
// Idle keep-alive connections, for reuse by the next attempt. A connection goes back only when HTTP allows another
// request on it (the transport decides, from the response parser); it is checked again when taken (nothing
// readable, not closed by the peer) and dropped once it has been idle for longer than keep_alive_idle. Safe for
// concurrent use.
#include <memory>
#include <mutex>
#include <vector>

#include "client/connection.hpp"
#include "common/clock.hpp"

namespace ca::api {

class ConnectionPool {
 public:
  ConnectionPool(std::size_t max_idle, Millis idle_limit) : max_idle_(max_idle), idle_limit_(idle_limit) {}

  // The most recently used idle connection that is still fit for a request, or nullptr.
  std::unique_ptr<Connection> take();
  // Keeps `connection` for reuse; the oldest idle one is closed when max_idle are already kept.
  void put(std::unique_ptr<Connection> connection);

  std::size_t idle_count() const;

 private:
  struct Idle {
    std::unique_ptr<Connection> connection;
    SteadyTime since;
  };

  const std::size_t max_idle_;
  const Millis idle_limit_;
  mutable std::mutex mutex_;
  std::vector<Idle> idle_;  // oldest first
};

}  // namespace ca::api

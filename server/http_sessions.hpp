#pragma once
// The MCP sessions of the HTTP transport (2025-11-25 and earlier: the initialize handshake names a session, the
// client sends its id in Mcp-Session-Id). Bounded: at most `max_sessions` at once, and a session with no request
// for `idle_timeout` (and none in flight) is ended, so its client gets 404 and starts over. Expiry is checked on
// every lookup and creation, against the injected clock; nothing runs in the background.
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "server/session.hpp"
#include "server/transport.hpp"

namespace ca::server {

// Messages of a session that belong to no request (2025-era notifications/message outside a call). This transport
// offers no GET stream to carry them, so they are dropped.
class DroppedOutput final : public OutputChannel {
 public:
  void send(const Json&) override {}
};

struct HttpSession {
  HttpSession(ServerCore& core, std::string id) : id(std::move(id)), session(core, output) {}
  const std::string id;
  DroppedOutput output;
  Session session;  // after `output`, which it writes to

  // Guarded by the table's mutex.
  SteadyTime last_used{};
  std::size_t open_requests = 0;  // POSTs being served: a session with one is never idle
};

class HttpSessions {
 public:
  HttpSessions(ServerCore& core, std::size_t max_sessions, Millis idle_timeout, Clock& clock);

  // A new session. When `max_sessions` are open (after the expired ones were ended), it takes the place of the least
  // recently used idle session (no POST being served, no call running), whose client gets 404 and initializes
  // again; nullptr when every session is busy.
  std::shared_ptr<HttpSession> create();
  // The session with this id, marked busy until release(); nullptr when unknown, ended or expired.
  std::shared_ptr<HttpSession> acquire(const std::string& id);
  void release(const std::shared_ptr<HttpSession>& session);
  // Ends the session (DELETE); false when unknown. Its calls in flight are cancelled.
  bool end(const std::string& id);
  std::size_t size() const;

 private:
  // Removes the expired sessions from the map and returns them, to be destroyed outside the lock.
  std::vector<std::shared_ptr<HttpSession>> take_expired_locked(SteadyTime now);
  // Removes and returns the least recently used idle session; nullptr when every session is busy.
  std::shared_ptr<HttpSession> take_least_recently_used_idle_locked();

  ServerCore& core_;
  const std::size_t max_sessions_;
  const Millis idle_timeout_;
  Clock& clock_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<HttpSession>> sessions_;
};

// 128 random bits as a UUID (version 4): visible ASCII, as the spec wants a session id to be.
std::string new_session_id();

}  // namespace ca::server

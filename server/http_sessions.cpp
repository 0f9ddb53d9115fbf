#include "server/http_sessions.hpp"

#include <cstdint>
#include <cstdio>
#include <random>

#include <spdlog/spdlog.h>

namespace ca::server {

HttpSessions::HttpSessions(ServerCore& core, std::size_t max_sessions, Millis idle_timeout, Clock& clock)
    : core_(core), max_sessions_(max_sessions), idle_timeout_(idle_timeout), clock_(clock) {}

namespace {

bool idle(const HttpSession& session) { return session.open_requests == 0 && session.session.calls_in_flight() == 0; }

}  // namespace

std::vector<std::shared_ptr<HttpSession>> HttpSessions::take_expired_locked(SteadyTime now) {
  std::vector<std::shared_ptr<HttpSession>> expired;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    const HttpSession& session = *it->second;
    if (idle(session) && now - session.last_used >= idle_timeout_) {
      expired.push_back(it->second);
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
  return expired;
}

std::shared_ptr<HttpSession> HttpSessions::take_least_recently_used_idle_locked() {
  auto oldest = sessions_.end();
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (idle(*it->second) && (oldest == sessions_.end() || it->second->last_used < oldest->second->last_used))
      oldest = it;
  }
  if (oldest == sessions_.end()) return nullptr;
  auto taken = std::move(oldest->second);
  sessions_.erase(oldest);
  return taken;
}

std::shared_ptr<HttpSession> HttpSessions::create() {
  // Both destroyed after the lock is released.
  std::vector<std::shared_ptr<HttpSession>> expired;
  std::shared_ptr<HttpSession> replaced;
  std::shared_ptr<HttpSession> created;
  {
    std::lock_guard lock(mutex_);
    const SteadyTime now = clock_.now();
    expired = take_expired_locked(now);
    // Full: a client that left without DELETE must not lock new clients out until its session expires.
    if (sessions_.size() >= max_sessions_ && !(replaced = take_least_recently_used_idle_locked())) return nullptr;
    created = std::make_shared<HttpSession>(core_, new_session_id());
    created->last_used = now;
    created->open_requests = 1;
    sessions_.emplace(created->id, created);
  }
  if (!expired.empty()) spdlog::info("ended {} HTTP sessions idle for {} ms", expired.size(), idle_timeout_.count());
  // A warning: many in a row mean a client opens sessions without ending them, or a flood of initializes.
  if (replaced) {
    spdlog::warn("--http-max-sessions ({}) reached: ended the least recently used idle session for a new one",
                 max_sessions_);
  }
  return created;
}

std::shared_ptr<HttpSession> HttpSessions::acquire(const std::string& id) {
  std::vector<std::shared_ptr<HttpSession>> expired;
  std::shared_ptr<HttpSession> found;
  {
    std::lock_guard lock(mutex_);
    const SteadyTime now = clock_.now();
    expired = take_expired_locked(now);
    if (auto it = sessions_.find(id); it != sessions_.end()) {
      found = it->second;
      found->last_used = now;
      ++found->open_requests;
    }
  }
  if (!expired.empty()) spdlog::info("ended {} HTTP sessions idle for {} ms", expired.size(), idle_timeout_.count());
  return found;
}

void HttpSessions::release(const std::shared_ptr<HttpSession>& session) {
  std::lock_guard lock(mutex_);
  --session->open_requests;
  session->last_used = clock_.now();
}

bool HttpSessions::end(const std::string& id) {
  std::shared_ptr<HttpSession> ended;
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return false;
    ended = std::move(it->second);
    sessions_.erase(it);
  }
  ended->session.cancel_all();  // the Session itself goes when its last POST lets go of it
  return true;
}

std::size_t HttpSessions::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::string new_session_id() {
  // Straight from the kernel's generator (getrandom on Linux), not from a seeded PRNG whose ids could be predicted
  // from the ones a client saw.
  thread_local std::random_device device;
  const auto draw64 = [] { return (std::uint64_t{device()} << 32) | device(); };
  std::uint64_t high = draw64(), low = draw64();
  high = (high & ~0xF000ULL) | 0x4000ULL;                        // version 4
  low = (low & ~(0xC000ULL << 48)) | (0x8000ULL << 48);          // variant 10
  char text[37];
  std::snprintf(text, sizeof text, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(high >> 32), static_cast<unsigned long long>((high >> 16) & 0xFFFF),
                static_cast<unsigned long long>(high & 0xFFFF), static_cast<unsigned long long>(low >> 48),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return text;
}

}  // namespace ca::server

#pragma once
// One Python upstream for the whole test binary (counters are read as differences), and clients pointed at it.
#include <atomic>
#include <string>

#include "client/client.hpp"
#include "python_upstream.hpp"

namespace ca::test {

inline PythonUpstream& shared_upstream() {
  static PythonUpstream upstream;
  return upstream;
}

// A value for a "run" query parameter that makes every request target of a test unique, so the upstream's
// per-target state (how often it was asked) starts fresh for each test and each GENERATE branch.
inline std::string next_run() {
  static std::atomic<int> counter{0};
  return std::to_string(++counter);
}

// Counts the raw server's accepted connections from the moment it is made.
class ConnectionCount {
 public:
  explicit ConnectionCount(PythonUpstream& upstream, const char* counter = "raw_connections")
      : upstream_(upstream), counter_(counter), start_(upstream.stats()[counter].get<int>()) {}
  int since_start() { return upstream_.stats()[counter_].get<int>() - start_; }

 private:
  PythonUpstream& upstream_;
  const char* counter_;
  int start_;
};

// The conn id the raw server gave the request for `target` (the first one), or -1.
inline int connection_of(PythonUpstream& upstream, const std::string& target) {
  const Json stats = upstream.stats();
  for (const auto& r : stats["raw_requests"])
    if (r["target"] == target) return r["conn"].get<int>();
  return -1;
}

inline api::ClientConfig upstream_config(const std::string& base_url, Clock* clock) {
  api::ClientConfig c;
  c.base_url = base_url;
  c.api_key = "upstream-test-key";
  c.clock = clock;
  c.max_attempts = 1;  // no retry may hide a stall
  c.read_timeout = Millis(3'000);
  c.backoff_initial = Millis(100);
  c.backoff_max = Millis(1'000);
  return c;
}

}  // namespace ca::test

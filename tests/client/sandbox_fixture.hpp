#pragma once
// An in-process sandbox on a loopback port and a client pointed at it, sharing one FakeClock so that rate
// windows, Retry-After dates and back-off all live on the same (instant) timeline.
#include <httplib.h>

#include <cstdio>
#include <string>
#include <thread>

#include "client/client.hpp"
#include "sandbox/sandbox.hpp"

namespace ca::test {

inline constexpr const char* kSandboxKey = "sandbox-key";

struct SandboxFixture {
  FakeClock clock;
  sandbox::Sandbox sandbox;

  explicit SandboxFixture(sandbox::SandboxOptions options = {}) : sandbox(with_clock(std::move(options), &clock)) {
    sandbox.start(0);
  }

  api::ClientConfig config(const std::string& key = kSandboxKey) {
    api::ClientConfig c;
    c.base_url = sandbox.base_url();
    c.api_key = key;
    c.clock = &clock;
    c.backoff_initial = Millis(100);
    c.backoff_max = Millis(2'000);
    c.read_timeout = Millis(5'000);
    return c;
  }

  // Requests the sandbox logged whose method matches and whose path starts with `path_prefix`.
  int count(const std::string& method, const std::string& path_prefix) const {
    int n = 0;
    for (const auto& e : sandbox.request_log())
      if (e.method == method && e.path.rfind(path_prefix, 0) == 0) ++n;
    return n;
  }

  // The sandbox logs a dropped request only after it has shut the socket, so the client's retry can finish
  // first. Waits (bounded, 2 s) for the log to hold `n` entries and returns it.
  std::vector<sandbox::RequestLogEntry> log_with(std::size_t n) const {
    auto log = sandbox.request_log();
    for (int i = 0; i < 400 && log.size() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      log = sandbox.request_log();
    }
    return log;
  }

  // A plain httplib client with the sandbox key, for spending the rate budget behind the client's back.
  httplib::Result raw_get(const std::string& path, const std::string& key = kSandboxKey) {
    httplib::Client raw("127.0.0.1", sandbox.port());
    return raw.Get(("/v2" + path).c_str(), httplib::Headers{{"Authorization", "Bearer " + key}});
  }

 private:
  static sandbox::SandboxOptions with_clock(sandbox::SandboxOptions o, Clock* clock) {
    o.clock = clock;
    return o;
  }
};

// For the report: how many HTTP requests each scenario used, straight from the sandbox's request log.
inline void record_requests(const char* scenario, std::size_t requests) {
  std::printf("client-scenario-requests %s: %zu\n", scenario, requests);
}

}  // namespace ca::test

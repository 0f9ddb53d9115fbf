#pragma once
// Starts tests/upstream/upstream.py (Python's standard library: another stack than the client's) on free loopback
// ports and talks to its control channel (stdin/stdout): counters, events, per-path scripts.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "../transcripts/child_process.hpp"
#include "common/json_util.hpp"

namespace ca::test {

class PythonUpstream {
 public:
  PythonUpstream() : process_(CA_PYTHON3, {CA_UPSTREAM_SCRIPT}) {
    auto ports = process_.read_line(kReplyLimit);
    if (!ports) FAIL("upstream.py did not start: " << process_.stderr_text());
    const Json p = Json::parse(*ports);
    raw_port_ = p["raw_port"].get<int>();
    http_server_port_ = p["http_server_port"].get<int>();
  }
  ~PythonUpstream() { process_.close_stdin(); }

  // Base URLs for the client: the scripted raw-socket server, and the http.server reproduction of the issue.
  std::string raw_base_url() const { return "http://127.0.0.1:" + std::to_string(raw_port_) + "/v2"; }
  std::string http_server_base_url() const { return "http://127.0.0.1:" + std::to_string(http_server_port_) + "/v2"; }

  Json stats() { return command("stats"); }
  // Raw-server paths starting with `prefix` are answered by `case_name` (see upstream.py).
  void script(const std::string& prefix, const std::string& case_name) {
    REQUIRE(command("script " + prefix + " " + case_name).value("ok", false));
  }

  // The events named `name` so far.
  std::vector<Json> events(const std::string& name) {
    std::vector<Json> out;
    const Json all = stats();  // named: a range-for over stats()["events"] would outlive the temporary
    for (const auto& e : all["events"])
      if (e["event"] == name) out.push_back(e);
    return out;
  }
  // Waits (bounded) until `count` events named `name` have happened; returns them.
  std::vector<Json> wait_for_events(const std::string& name, std::size_t count = 1,
                                    std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    auto found = events(name);
    while (found.size() < count && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      found = events(name);
    }
    return found;
  }

 private:
  static constexpr std::chrono::seconds kReplyLimit{20};

  Json command(const std::string& line) {
    process_.write(line + "\n");
    auto reply = process_.read_line(kReplyLimit);
    if (!reply) FAIL("upstream.py did not answer \"" << line << "\": " << process_.stderr_text());
    return Json::parse(*reply);
  }

  ChildProcess process_;
  int raw_port_ = 0;
  int http_server_port_ = 0;
};

}  // namespace ca::test

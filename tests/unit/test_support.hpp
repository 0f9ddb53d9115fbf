#pragma once
// Helpers for driving a Session with strings: a recording output channel, fake tools that synchronise through
// events (never sleeps), and a harness that wires them together.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/session.hpp"
#include "server/transport.hpp"
#include "tools/tool.hpp"

namespace ca::test {

// Upper bound on waits for asynchronous output; only hit when the code under test is broken.
inline constexpr std::chrono::seconds kSafetyTimeout{20};

// The code and the message of a JSON-RPC error response (one definition for every test file: CI compiles several
// test files as one unit, where two copies would collide).
inline int error_code(const Json& response) { return response.at("error").at("code").get<int>(); }
inline std::string error_message(const Json& response) {
  return response.at("error").at("message").get<std::string>();
}

class RecordingChannel final : public server::OutputChannel {
 public:
  void send(const Json& message) override {
    // Round-trip through the wire format, so tests see exactly what a client would parse.
    const std::string line = dump_compact(message);
    {
      std::lock_guard lock(mutex_);
      lines_.push_back(line);
      messages_.push_back(Json::parse(line));
    }
    changed_.notify_all();
  }
  std::vector<Json> messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  std::vector<std::string> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return messages_.size();
  }
  Json last() const {
    std::lock_guard lock(mutex_);
    REQUIRE(!messages_.empty());
    return messages_.back();
  }
  // The response with this id; waits for it (fails the test after kSafetyTimeout).
  Json wait_response(const Json& id) const {
    std::unique_lock lock(mutex_);
    Json found;
    const bool ok = changed_.wait_for(lock, kSafetyTimeout, [&] {
      for (const auto& m : messages_) {
        if (m.is_object() && m.contains("id") && m["id"] == id && !m.contains("method")) {
          found = m;
          return true;
        }
      }
      return false;
    });
    REQUIRE(ok);
    return found;
  }
  std::vector<Json> with_method(const std::string& method) const {
    std::vector<Json> out;
    for (const auto& m : messages()) {
      if (m.is_object() && m.value("method", "") == method) out.push_back(m);
    }
    return out;
  }
  bool has_response(const Json& id) const {
    for (const auto& m : messages()) {
      if (m.is_object() && m.contains("id") && m["id"] == id && !m.contains("method")) return true;
    }
    return false;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<std::string> lines_;
  std::vector<Json> messages_;
};

// A one-shot event; wait() fails the test after kSafetyTimeout.
class Event {
 public:
  void set() {
    {
      std::lock_guard lock(mutex_);
      set_ = true;
    }
    changed_.notify_all();
  }
  bool is_set() const {
    std::lock_guard lock(mutex_);
    return set_;
  }
  void wait() const {
    std::unique_lock lock(mutex_);
    REQUIRE(changed_.wait_for(lock, kSafetyTimeout, [&] { return set_; }));
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  bool set_ = false;
};

class FakeTool : public tools::Tool {
 public:
  explicit FakeTool(tools::ToolDefinition definition) : definition_(std::move(definition)) {}
  const tools::ToolDefinition& definition() const override { return definition_; }

 private:
  tools::ToolDefinition definition_;
};

// echo {text} → {text}; has a title, an output schema and read-only annotations.
class EchoTool final : public FakeTool {
 public:
  EchoTool();
  tools::ToolResult call(const Json& arguments, tools::ToolContext& context) override;
};

// Signals `started`, then returns once `release` is set or the call is cancelled (reporting which one).
class SlowTool final : public FakeTool {
 public:
  SlowTool();
  tools::ToolResult call(const Json& arguments, tools::ToolContext& context) override;
  std::atomic<int> started_count{0};
  Event started;
  Event finished;
  CancellationToken release;  // cancel() releases every running call
  std::atomic<bool> saw_cancel{false};
};

// Emits the progress values given in arguments.values (with total 10 and a message), keeps a copy of the
// progress callback in `saved_progress`, and returns.
class ProgressTool final : public FakeTool {
 public:
  ProgressTool();
  tools::ToolResult call(const Json& arguments, tools::ToolContext& context) override;
  std::function<void(double, std::optional<double>, const std::string&)> saved_progress;
};

// Reports what the context held: deadline minus now (ms) and the settings.
class ContextTool final : public FakeTool {
 public:
  ContextTool();
  tools::ToolResult call(const Json& arguments, tools::ToolContext& context) override;
};

// Throws std::runtime_error("boom").
class ThrowingTool final : public FakeTool {
 public:
  ThrowingTool();
  tools::ToolResult call(const Json& arguments, tools::ToolContext& context) override;
};

// Logs arguments.text through spdlog at warning level (and at info), then returns {}.
class LoggingTool final : public FakeTool {
 public:
  LoggingTool();
  tools::ToolResult call(const Json& arguments, tools::ToolContext& context) override;
};

// A registry of the fake tools above plus a session over a RecordingChannel.
struct Harness {
  explicit Harness(server::SessionOptions options = {});
  ~Harness();

  // Sends one line; for anything but tools/call the answer is in `out` when this returns.
  void send(const std::string& line) { session->handle_line(line); }
  void send(const char* line) { session->handle_line(line); }
  void send(const Json& message) { session->handle_line(dump_compact(message)); }
  // A request built from its parts; returns the response when one was sent synchronously, else null.
  Json request(const Json& id, const std::string& method, Json params = Json::object());
  Json initialize(const std::string& version = "2025-11-25");
  // A 2026-07-28 request: `params` plus the _meta envelope (and `extra_meta`, e.g. a progressToken or a logLevel).
  Json modern_request(const Json& id, const std::string& method, Json params = Json::object(),
                      const Json& extra_meta = Json::object());
  Json call(const Json& id, const std::string& tool, Json arguments, Json meta = nullptr);  // does not wait
  void cancel(const Json& id);
  void wait_idle() { REQUIRE(session->wait_idle_until(std::chrono::steady_clock::now() + kSafetyTimeout)); }

  tools::ToolRegistry registry;
  SlowTool* slow = nullptr;
  ProgressTool* progress = nullptr;
  RecordingChannel out;
  std::unique_ptr<server::ServerCore> core;
  std::unique_ptr<server::Session> session;
};

}  // namespace ca::test

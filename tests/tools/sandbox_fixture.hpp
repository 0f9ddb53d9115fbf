#pragma once
// An in-process sandbox on a loopback port, a client pointed at it, the product tools built with that client, and a
// ToolContext for calling them.
// Sandbox and client share one FakeClock, so polls and back-offs take no real time.
#include <memory>
#include <string>

#include "client/client.hpp"
#include "sandbox/sandbox.hpp"
#include "tool_test_support.hpp"

namespace ca::tools::testing {

// Sandbox options whose created accounts and videos get their first refresh `delay` after creation.
sandbox::SandboxOptions refresh_after(Millis delay);

class SandboxFixture {
 public:
  explicit SandboxFixture(sandbox::SandboxOptions options = {});

  // Calls a tool through call_tool with this fixture's context.
  ToolResult call(const std::string& tool, const Json& arguments);
  // Requests the sandbox logged since the fixture started (or since clear_log) with this method and a path that
  // starts with `path_prefix`.
  int requests(const std::string& method, const std::string& path_prefix) const;
  void clear_log() { sandbox.clear_request_log(); }

  FakeClock clock;
  sandbox::Sandbox sandbox;
  std::unique_ptr<api::Client> client;
  ToolRegistry registry;  // every product tool, built with `client`
  ToolContext context;

 private:
  static sandbox::SandboxOptions with_clock(sandbox::SandboxOptions options, Clock* clock);
};

}  // namespace ca::tools::testing

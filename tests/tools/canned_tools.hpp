#pragma once
// The product tools wired to a CannedUpstream, for tests that call one tool against bodies no API should send:
// the client, the registry and a context on the upstream's FakeClock, built once per test.
#include <memory>
#include <string>

#include "canned_upstream.hpp"
#include "tool_test_support.hpp"
#include "tools/product_tools.hpp"

namespace ca::tools::testing {

struct CannedTools {
  CannedUpstream upstream;
  std::unique_ptr<api::Client> client = upstream.client();
  ToolRegistry registry = build_product_registry(client.get());
  ToolContext context = [this] {
    ToolContext c;
    c.clock = &upstream.clock;
    return c;
  }();

  ToolResult call(const std::string& tool, const Json& arguments) {
    return call_tool(registry, tool, arguments, context);
  }
};

}  // namespace ca::tools::testing

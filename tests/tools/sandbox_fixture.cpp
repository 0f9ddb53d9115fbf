#include "sandbox_fixture.hpp"

#include <catch2/catch.hpp>

namespace ca::tools::testing {

sandbox::SandboxOptions SandboxFixture::with_clock(sandbox::SandboxOptions options, Clock* clock) {
  options.clock = clock;
  return options;
}

sandbox::SandboxOptions refresh_after(Millis delay) {
  sandbox::SandboxOptions options;
  options.first_refresh_delay = delay;
  return options;
}

SandboxFixture::SandboxFixture(sandbox::SandboxOptions options) : sandbox(with_clock(std::move(options), &clock)) {
  REQUIRE(sandbox.start(0) > 0);
  api::ClientConfig config;
  config.base_url = sandbox.base_url();
  config.api_key = "sandbox-key";
  config.clock = &clock;
  client = std::make_unique<api::Client>(config);
  registry = build_product_registry(client.get());
  context.clock = &clock;
  sandbox.clear_request_log();
}

ToolResult SandboxFixture::call(const std::string& tool, const Json& arguments) {
  return call_tool(registry, tool, arguments, context);
}

int SandboxFixture::requests(const std::string& method, const std::string& path_prefix) const {
  int count = 0;
  for (const auto& entry : sandbox.request_log()) {
    if (entry.method == method && entry.path.rfind(path_prefix, 0) == 0) ++count;
  }
  return count;
}

}  // namespace ca::tools::testing

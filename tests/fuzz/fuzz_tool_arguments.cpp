// A tools/call's arguments through the registry's own path, as the server runs every call (ToolRegistry::run):
// validation against the tool's input schema, schema defaults filled in, the tool's own checks, then the handler
// (with no API client it answers that no key is configured, so nothing goes to the network). Input: a tool name,
// a newline, the `arguments` JSON text (a name that is no tool's picks one by its length, so every input reaches a
// schema). Properties: no crash, throw or sanitizer report (the validator runs std::regex and arithmetic on
// attacker-chosen values), an error is a non-empty message, and never the registry's "failed unexpectedly" (a tool
// that threw) or "does not match its own output schema".
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_support.hpp"
#include "tests/fuzz/product_registry.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ca::fuzz::quiet_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ca::tools::ToolRegistry& registry = ca::fuzz::product_registry();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = std::min(input.find('\n'), input.size());
  const std::string name(input.substr(0, newline));
  ca::tools::Tool* tool = registry.find(name);
  if (tool == nullptr) tool = registry.tools()[name.size() % registry.tools().size()];
  const std::string_view text = input.substr(std::min(newline + 1, input.size()));
  const auto arguments = ca::Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (arguments.is_discarded()) return 0;  // the session answers those with a parse error before any tool runs
  ca::tools::ToolContext context;
  const ca::tools::ToolResult result = registry.run(*tool, arguments, context);
  if (result.is_error) ca::fuzz::check_tool_error(tool->definition().name, result.error_message);
  return 0;
}

// Argument validation against each tool's input schema, as served by tools/list. Input: a tool name, a newline,
// the `arguments` JSON text (a name that is no tool's picks one by its length, so every input reaches a schema).
// Properties: no crash or sanitizer report (the validator runs std::regex and arithmetic on attacker-chosen
// values), and a refusal is a non-empty message.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_support.hpp"
#include "tests/fuzz/product_registry.hpp"
#include "tools/schema_validator.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ca::fuzz::quiet_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ca::tools::ToolRegistry& registry = ca::fuzz::product_registry();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = std::min(input.find('\n'), input.size());
  const std::string name(input.substr(0, newline));
  const ca::tools::Tool* tool = registry.find(name);
  if (tool == nullptr) tool = registry.tools()[name.size() % registry.tools().size()].get();
  const std::string_view text = input.substr(std::min(newline + 1, input.size()));
  const auto arguments = ca::Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (arguments.is_discarded()) return 0;  // the session answers those with a parse error before validation
  const auto refusal = ca::tools::validate_arguments(arguments, tool->definition().input_schema);
  CA_FUZZ_CHECK(!refusal || !refusal->empty(), "a refusal says why");
  return 0;
}

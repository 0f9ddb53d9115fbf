#pragma once
// What every fuzz target shares: logging that runs (so log formatting is exercised) but writes nowhere, and a
// property check whose failure libFuzzer records as a crash, with the input saved as the reproducer.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

namespace ca::fuzz {

// spdlog's default logger writes to stdout; a target's stdout belongs to libFuzzer's report. Every record is still
// formatted (level trace) so that formatting code paths are fuzzed too.
inline void quiet_logging() {
  auto logger = std::make_shared<spdlog::logger>("fuzz", std::make_shared<spdlog::sinks::null_sink_mt>());
  logger->set_level(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
}

// A broken property is a finding like a sanitizer report: print what broke and abort.
#define CA_FUZZ_CHECK(condition, what)                                                          \
  do {                                                                                          \
    if (!(condition)) {                                                                         \
      std::fprintf(stderr, "fuzz property violated: %s (%s:%d)\n", (what), __FILE__, __LINE__); \
      std::abort();                                                                             \
    }                                                                                           \
  } while (false)

// What the tool targets ask of an isError result: it says something, and it is not one of the registry's two
// defect texts (tools/registry.cpp), which start with the tool's name: a tool that threw, or a success that broke
// the tool's own output schema. (Only the start counts: an argument error may quote any text the input chose.)
inline void check_tool_error(const std::string& tool, const std::string& message) {
  const auto starts_with = [&](const std::string& prefix) { return message.rfind(prefix, 0) == 0; };
  CA_FUZZ_CHECK(!message.empty(), "an error result says why");
  CA_FUZZ_CHECK(!starts_with("The tool " + tool + " failed unexpectedly"), "no tool throws");
  CA_FUZZ_CHECK(!starts_with("The tool " + tool + " produced a result that does not match its own output schema"),
                "every success satisfies the tool's output schema");
}

}  // namespace ca::fuzz

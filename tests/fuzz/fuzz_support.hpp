#pragma once
// What every fuzz target shares: logging that runs (so log formatting is exercised) but writes nowhere, and a
// property check whose failure libFuzzer records as a crash, with the input saved as the reproducer.
#include <cstdio>
#include <cstdlib>
#include <memory>

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

}  // namespace ca::fuzz

// Shared Catch2 main. Logs go to stderr, as in the server: nothing a test binary logs may look like protocol output.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

int main(int argc, char* argv[]) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("test"));
  spdlog::set_level(spdlog::level::warn);
  return Catch::Session().run(argc, argv);
}

// One process of the shared-rate-budget benchmark (bench/rate/run.sh starts four): N sequential whoami calls
// through the client with the given --rate-store, then one JSON line on stdout with what happened. Every client
// flag works (add_client_flags); the key comes from CREATORAUDIT_API_KEY, as for the server.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "client/base_url.hpp"
#include "client/client.hpp"
#include "client/rate_limiter.hpp"

int main(int argc, char** argv) {
  auto loaded = ca::api::ClientConfig::from_env();
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.error().message().c_str());
    return 2;
  }
  ca::api::ClientConfig config = loaded.value();
  int calls = 100;
  CLI::App app{"rate budget benchmark worker"};
  app.add_option("--calls", calls, "Sequential calls to make")->check(CLI::PositiveNumber);
  ca::api::add_client_flags(app, config);
  CLI11_PARSE(app, argc, argv);
  spdlog::set_default_logger(spdlog::stderr_logger_mt("worker"));
  if (std::getenv("CA_RATE_WORKER_DEBUG")) spdlog::set_level(spdlog::level::debug);

  ca::api::Client client(config);
  int ok = 0, failed = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < calls; ++i) {
    auto result = client.whoami(ca::api::CallOptions{});
    if (result.ok()) ++ok;
    else ++failed;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The client's limiter for this key and origin is the registry's one: its counts are this process's.
  const auto stats = ca::api::RateLimiter::for_key(config.api_key, ca::api::parse_base_url(config.base_url)->origin(),
                                                   config.pacing_reserve)
                         ->store_stats();
  std::printf(
      "{\"calls\":%d,\"ok\":%d,\"failed\":%d,\"seconds\":%.2f,\"shared_slots\":%ld,\"local_slots\":%ld,"
      "\"outages\":%ld,\"recoveries\":%ld}\n",
      calls, ok, failed, seconds, stats.shared_slots, stats.local_slots, stats.outages, stats.recoveries);
  return failed == 0 ? 0 : 1;
}

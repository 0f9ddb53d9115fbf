// creatoraudit-sandbox: the CreatorAudit v2 simulator as a process. Prints its base URL as the first stdout line
// once it accepts connections, logs one line per request to stderr, and exits cleanly on SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "sandbox/fault_flags.hpp"
#include "sandbox/sandbox.hpp"

namespace {

// "token:name:rw|ro|disabled"
ca::sandbox::ApiKey parse_key(const std::string& spec) {
  const auto a = spec.find(':'), b = spec.rfind(':');
  if (a == std::string::npos || a == b) throw CLI::ValidationError("--key", "expected TOKEN:NAME:rw|ro|disabled");
  const std::string mode = spec.substr(b + 1);
  if (mode != "rw" && mode != "ro" && mode != "disabled")
    throw CLI::ValidationError("--key", "mode must be rw, ro or disabled");
  return {spec.substr(0, a), spec.substr(a + 1, b - a - 1), mode == "rw", mode == "disabled"};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"CreatorAudit v2 API simulator (binds 127.0.0.1 only)"};
  ca::sandbox::SandboxOptions options;
  int port = 0, first_refresh_ms = static_cast<int>(options.first_refresh_delay.count()), quota = -1;
  ca::sandbox::FaultFlags faults;
  std::vector<std::string> keys;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = pick a free one)");
  app.add_option("--seed", options.seed, "Seed for all generated data")->capture_default_str();
  app.add_option("--accounts", options.accounts, "Seeded accounts")->capture_default_str();
  app.add_option("--creators", options.creators, "Seeded creators")->capture_default_str();
  app.add_option("--videos", options.videos, "Seeded individually tracked videos")->capture_default_str();
  app.add_option("--account-videos", options.account_videos_per_account, "Account videos per account")
      ->capture_default_str();
  app.add_option("--rate-limit", options.rate_limit, "Requests per window per API key")->capture_default_str();
  app.add_option("--rate-window", options.rate_window_seconds, "Rate-limit window in seconds")->capture_default_str();
  ca::sandbox::add_fault_flags(app, faults);
  app.add_option("--first-refresh-ms", first_refresh_ms, "Delay from creation to first refresh")->capture_default_str();
  app.add_option("--account-quota", quota, "Tracked-account cap (403 QUOTA_EXCEEDED); default none");
  app.add_option("--request-log", options.request_log_path, "Append a JSON line per request to this file");
  app.add_option("--key", keys, "API key TOKEN:NAME:rw|ro|disabled (repeatable; replaces the built-in keys)");
  CLI11_PARSE(app, argc, argv);

  try {
    for (const auto& k : keys) options.keys.push_back(parse_key(k));
    options.first_refresh_delay = ca::Millis(first_refresh_ms);
    if (quota >= 0) options.account_quota = quota;
    options.on_request = [](const ca::sandbox::RequestLogEntry& e) {
      std::cerr << ca::dump_compact(e.to_json()) << '\n';
    };

    // Block the stop signals before any thread starts, so only the sigwait below receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    ca::sandbox::Sandbox sandbox(options);
    ca::sandbox::apply_fault_flags(sandbox, faults);
    sandbox.start(port);
    std::cout << sandbox.base_url() << std::endl;
    std::cerr << "creatoraudit-sandbox: serving simulated data at " << sandbox.base_url() << " ("
              << sandbox.account_count() << " accounts)\n";
    int received = 0;
    sigwait(&stop_signals, &received);
    std::cerr << "creatoraudit-sandbox: signal " << received << ", stopping\n";
    sandbox.stop();
  } catch (const std::exception& e) {
    std::cerr << "creatoraudit-sandbox: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

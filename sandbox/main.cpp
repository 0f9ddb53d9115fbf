// creatoraudit-sandbox: the CreatorAudit v2 simulator as a process. Prints its base URL as the first stdout line
// once it accepts connections, logs one line per request to stderr, and exits cleanly on SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "sandbox/sandbox.hpp"

namespace {

std::vector<int> parse_statuses(const std::string& list) {
  std::vector<int> statuses;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) statuses.push_back(std::stoi(item));
  return statuses;
}

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
  int port = 0, first_refresh_ms = static_cast<int>(options.first_refresh_delay.count()), latency_ms = 0;
  int drop_before = 0, drop_after = 0, corrupt_count = 1, quota = -1;
  double fail_probability = 0;
  std::string retry_after = "seconds", script, corrupt, fault_path;
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
  app.add_option("--retry-after", retry_after, "Retry-After on 429/503: seconds, http-date or absent")
      ->check(CLI::IsMember({"seconds", "http-date", "absent"}))
      ->capture_default_str();
  app.add_option("--script-statuses", script, "Statuses served in turn, e.g. 503,503,200 (0 or 200 = normal)");
  app.add_option("--fail-probability", fail_probability, "Probability of a 503 per request")->check(CLI::Range(0.0, 1.0));
  app.add_option("--latency-ms", latency_ms, "Added latency per authenticated request")->check(CLI::NonNegativeNumber);
  app.add_option("--drop-before-response", drop_before, "Drop the next N connections without acting or answering");
  app.add_option("--drop-after-commit", drop_after, "Act on the next N requests, then drop without answering");
  app.add_option("--corrupt-body", corrupt, "Corrupt 2xx bodies: truncated, invalid-json or oversized")
      ->check(CLI::IsMember({"truncated", "invalid-json", "oversized"}));
  app.add_option("--corrupt-count", corrupt_count, "How many bodies --corrupt-body corrupts")->capture_default_str();
  app.add_option("--fault-path", fault_path, "Narrow the scripted/drop/corrupt faults to paths with this prefix");
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
    using ca::sandbox::RetryAfterMode;
    sandbox.set_retry_after_mode(retry_after == "http-date" ? RetryAfterMode::HttpDate
                                 : retry_after == "absent"  ? RetryAfterMode::Absent
                                                            : RetryAfterMode::Seconds);
    if (!script.empty()) sandbox.script_statuses(parse_statuses(script), fault_path);
    sandbox.set_failure_probability(fail_probability);
    sandbox.set_latency(ca::Millis(latency_ms));
    if (drop_before > 0) sandbox.drop_connections(ca::sandbox::DropMode::BeforeResponse, drop_before, fault_path);
    if (drop_after > 0) sandbox.drop_connections(ca::sandbox::DropMode::AfterCommit, drop_after, fault_path);
    if (!corrupt.empty()) {
      using ca::sandbox::BodyFault;
      sandbox.corrupt_bodies(corrupt == "truncated"      ? BodyFault::Truncated
                             : corrupt == "invalid-json" ? BodyFault::InvalidJson
                                                         : BodyFault::Oversized,
                             corrupt_count, fault_path);
    }
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

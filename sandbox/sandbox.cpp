#include "sandbox/sandbox.hpp"

// Temporary stub: publishes the API so dependants compile; the simulator lands in the following commits.
namespace ca::sandbox {

std::vector<ApiKey> default_keys() {
  return {{"sandbox-key", "Sandbox key", true, false},
          {"sandbox-readonly-key", "Sandbox read-only key", false, false},
          {"sandbox-disabled-key", "Sandbox disabled key", false, true}};
}

ca::Json RequestLogEntry::to_json() const { return ca::Json::object(); }

class Sandbox::Impl {
 public:
  explicit Impl(SandboxOptions o) : options(std::move(o)) {}
  SandboxOptions options;
};

Sandbox::Sandbox(SandboxOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Sandbox::~Sandbox() { stop(); }
int Sandbox::start(int port) { return port; }
void Sandbox::stop() {}
int Sandbox::port() const { return 0; }
std::string Sandbox::base_url() const { return "http://127.0.0.1:0/v2"; }
void Sandbox::set_rate_limit(int, int) {}
void Sandbox::set_retry_after_mode(RetryAfterMode) {}
void Sandbox::script_statuses(std::vector<int>, std::string) {}
void Sandbox::set_failure_probability(double) {}
void Sandbox::set_latency(ca::Millis) {}
void Sandbox::drop_connections(DropMode, int, std::string) {}
void Sandbox::corrupt_bodies(BodyFault, int, std::string) {}
void Sandbox::set_account_quota(std::optional<int>) {}
void Sandbox::set_first_refresh_delay(ca::Millis) {}
void Sandbox::reset_faults() {}
std::vector<RequestLogEntry> Sandbox::request_log() const { return {}; }
void Sandbox::clear_request_log() {}
std::size_t Sandbox::account_count() const { return 0; }
std::string Sandbox::first_account_id() const { return {}; }
std::string Sandbox::account_id_at(std::size_t) const { return {}; }
std::string Sandbox::first_video_id() const { return {}; }
std::string Sandbox::first_creator_id() const { return {}; }
std::int64_t Sandbox::first_account_video_id() const { return 0; }

}  // namespace ca::sandbox

#include "sandbox/sandbox.hpp"

#include <atomic>
#include <mutex>
#include <thread>

#include "sandbox/data_store.hpp"
#include "sandbox/dispatcher.hpp"
#include "sandbox/connection_socket.hpp"

namespace ca::sandbox {
namespace {

constexpr int kWorkerThreads = 32;        // concurrent connections served (keep-alive holds a thread each)
constexpr time_t kKeepAliveSeconds = 2;   // idle keep-alive connections close after this; also bounds stop()
// Requests served on one connection before it is closed: nginx's default (keepalive_requests 1000). httplib's own
// default of 5 made every fifth request open a new connection, which no production front end does.
constexpr std::size_t kKeepAliveMaxRequests = 1000;
constexpr std::size_t kMaxRequestBody = 8 * 1024 * 1024;
constexpr auto kStartupTimeout = std::chrono::seconds(5);

}  // namespace

std::vector<ApiKey> default_keys() {
  return {{"sandbox-key", "Sandbox key", true, false},
          {"sandbox-readonly-key", "Sandbox read-only key", false, false},
          {"sandbox-disabled-key", "Sandbox disabled key", false, true}};
}

class Sandbox::Impl {
 public:
  explicit Impl(SandboxOptions options) : dispatcher(std::move(options)) {
    server.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    server.set_keep_alive_timeout(kKeepAliveSeconds);
    server.set_keep_alive_max_count(kKeepAliveMaxRequests);
    // httplib writes headers and body in separate sends; without TCP_NODELAY each small response stalls on
    // Nagle + delayed ACK (~40 ms), which would make every benchmark measure that stall instead of the code.
    server.set_tcp_nodelay(true);
    server.set_payload_max_length(kMaxRequestBody);
    const auto serve = [this](const httplib::Request& req, httplib::Response& res) { dispatcher.serve(req, res); };
    server.Get(".*", serve).Post(".*", serve).Put(".*", serve).Patch(".*", serve).Delete(".*", serve).Options(".*", serve);
    // RFC 9112 §6.3: a request with neither Content-Length nor Transfer-Encoding has no body (a PUT link is sent
    // so by curl). httplib 0.11.4 would instead read a POST/PUT/PATCH "body" until the connection closes, or
    // answer 400; so such requests are served here, before httplib looks for a body.
    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      const bool may_have_body = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
      if (!may_have_body || req.has_header("Content-Length") || req.has_header("Transfer-Encoding"))
        return httplib::Server::HandlerResponse::Unhandled;
      dispatcher.serve(req, res);
      return httplib::Server::HandlerResponse::Handled;
    });
    // httplib answers some malformed requests itself (bad request line, oversized body); keep those problem+json.
    server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) { dispatcher.fill_error(req, res); });
    // A 304 goes out the way nginx and CDNs send it: no Content-Length, connection kept alive (RFC 9110 §15.4.5).
    // httplib adds "Content-Length: 0" to every empty body before this handler runs, which hid client bugs that
    // real upstreams expose.
    server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
      if (res.status == 304) res.headers.erase("Content-Length");
    });
  }

  Dispatcher dispatcher;
  httplib::Server server;
  std::thread listener;
  int port = 0;
};

Sandbox::Sandbox(SandboxOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Sandbox::~Sandbox() { stop(); }

int Sandbox::start(int port) {
  if (impl_->listener.joinable()) return impl_->port;
  const int bound = port == 0 ? impl_->server.bind_to_any_port("127.0.0.1")
                              : (impl_->server.bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound <= 0) throw std::runtime_error("sandbox: cannot bind 127.0.0.1:" + std::to_string(port));
  impl_->port = bound;
  impl_->dispatcher.set_origin("http://127.0.0.1:" + std::to_string(bound));
  impl_->listener = std::thread([this] { impl_->server.listen_after_bind(); });
  const auto deadline = std::chrono::steady_clock::now() + kStartupTimeout;
  while (!impl_->server.is_running()) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("sandbox: server did not start");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return bound;
}

void Sandbox::stop() {
  if (!impl_->listener.joinable()) return;
  impl_->dispatcher.stop();  // trickles in progress finish at once instead of holding stop() up
  impl_->server.stop();
  impl_->listener.join();
}

int Sandbox::port() const { return impl_->port; }
std::string Sandbox::base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->port) + "/v2"; }

void Sandbox::set_rate_limit(int limit, int window_seconds) { impl_->dispatcher.limiter.configure(limit, window_seconds); }
void Sandbox::set_retry_after_mode(RetryAfterMode mode) { impl_->dispatcher.faults.set_retry_after_mode(mode); }
void Sandbox::script_statuses(std::vector<int> statuses, std::string path_prefix) {
  impl_->dispatcher.faults.script_statuses(std::move(statuses), std::move(path_prefix));
}
void Sandbox::set_failure_probability(double p) { impl_->dispatcher.faults.set_failure_probability(p); }
void Sandbox::set_latency(ca::Millis latency) { impl_->dispatcher.faults.set_latency(latency); }
void Sandbox::drop_connections(DropMode mode, int count, std::string path_prefix) {
  impl_->dispatcher.faults.drop_connections(mode, count, std::move(path_prefix));
}
void Sandbox::corrupt_bodies(BodyFault fault, int count, std::string path_prefix) {
  impl_->dispatcher.faults.corrupt_bodies(fault, count, std::move(path_prefix));
}
void Sandbox::garbage_bodies(GarbageBody kind, int count, std::string path_prefix) {
  impl_->dispatcher.faults.garbage_bodies(kind, count, std::move(path_prefix));
}
void Sandbox::set_garbage_probability(double p, GarbageBody kind) {
  impl_->dispatcher.faults.set_garbage_probability(p, kind);
}
void Sandbox::trickle_responses(int count, std::string path_prefix) {
  impl_->dispatcher.faults.trickle_responses(count, std::move(path_prefix));
}
void Sandbox::set_trickle_probability(double p) { impl_->dispatcher.faults.set_trickle_probability(p); }
void Sandbox::set_trickle_options(TrickleOptions options) { impl_->dispatcher.faults.set_trickle_options(options); }
void Sandbox::set_fault_mix(FaultMix mix) { impl_->dispatcher.faults.set_fault_mix(std::move(mix)); }
void Sandbox::set_fault_seed(std::uint64_t seed) { impl_->dispatcher.faults.reseed(seed); }
void Sandbox::set_account_quota(std::optional<int> quota) { impl_->dispatcher.set_account_quota(quota); }
void Sandbox::set_first_refresh_delay(ca::Millis delay) {
  std::unique_lock lock(impl_->dispatcher.store.mutex);
  impl_->dispatcher.store.first_refresh_delay = delay;
}
void Sandbox::reset_faults() { impl_->dispatcher.faults.reset(); }

std::vector<RequestLogEntry> Sandbox::request_log() const { return impl_->dispatcher.log.entries(); }
void Sandbox::clear_request_log() { impl_->dispatcher.log.clear(); }

std::size_t Sandbox::account_count() const {
  std::shared_lock lock(impl_->dispatcher.store.mutex);
  return impl_->dispatcher.store.accounts.size();
}

std::string Sandbox::account_id_at(std::size_t index) const {
  std::shared_lock lock(impl_->dispatcher.store.mutex);
  const auto& accounts = impl_->dispatcher.store.accounts;
  return index < accounts.size() ? accounts[index].id : std::string();
}

std::string Sandbox::first_account_id() const { return account_id_at(0); }

std::string Sandbox::first_video_id() const {
  std::shared_lock lock(impl_->dispatcher.store.mutex);
  const auto& videos = impl_->dispatcher.store.videos;
  return videos.empty() ? std::string() : videos.front().id;
}

std::string Sandbox::first_creator_id() const {
  std::shared_lock lock(impl_->dispatcher.store.mutex);
  const auto& creators = impl_->dispatcher.store.creators;
  return creators.empty() ? std::string() : creators.front().id;
}

std::int64_t Sandbox::first_account_video_id() const {
  std::shared_lock lock(impl_->dispatcher.store.mutex);
  const auto& videos = impl_->dispatcher.store.account_videos;
  return videos.empty() ? 0 : videos.front().id;
}

}  // namespace ca::sandbox

#include "server/http_serve.hpp"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "common/version.hpp"
#include "server/signal_watcher.hpp"

namespace ca::server {

std::variant<HttpTransportSettings, std::string> http_settings(const HttpOptions& options, std::size_t max_body_bytes) {
  HttpTransportSettings settings;
  std::string error;
  const auto address = parse_listen_address(options.listen, error);
  if (!address) return error;
  settings.address = *address;
  if (!options.token_file.empty()) {
    settings.token = read_http_token(options.token_file, error);
    if (!settings.token) return error;
  } else if (!address->loopback) {
    return "--http " + options.listen +
           " listens beyond loopback: give --http-token-file so that only clients with the token get in";
  }
  settings.allowed_origins = options.allowed_origins;
  settings.allowed_hosts = options.allowed_hosts;
  settings.max_sessions = options.max_sessions;
  settings.session_idle = Millis(options.session_idle_ms);
  settings.threads = options.threads;
  settings.keepalive = Millis(options.keepalive_ms);
  settings.max_body_bytes = max_body_bytes;
  return settings;
}

int serve_http(ServerCore& core, HttpTransportSettings settings, Millis grace) {
  const ListenAddress address = settings.address;
  const bool token = settings.token.has_value();
  HttpTransport transport(core, std::move(settings));
  int port = 0;
  try {
    port = transport.bind();
  } catch (const std::exception& e) {
    spdlog::critical("fatal: {}", e.what());
    return 1;
  }
  const std::string host = address.host.find(':') != std::string::npos ? "[" + address.host + "]" : address.host;
  if (!address.loopback) {
    spdlog::warn("listening beyond loopback on {}:{}: every client needs the bearer token of --http-token-file", host,
                 port);
  }
  std::mutex mutex;
  std::condition_variable stopped_changed;
  bool stopped = false;
  SignalWatcher signals([&](int signal) {
    spdlog::info("received signal {}: stopping the HTTP server", signal);
    transport.stop();
    std::unique_lock lock(mutex);
    if (!stopped_changed.wait_for(lock, grace, [&] { return stopped; })) {
      spdlog::warn("HTTP connections still open after the shutdown grace period; exiting anyway");
      spdlog::default_logger()->flush();
      std::_Exit(0);
    }
  });
  // Tests and scripts read the port from this line (with --http 127.0.0.1:0 the system picks it).
  spdlog::info("creatoraudit-mcp {} ready on http://{}:{}/mcp: {} tools, {} workers{}", kVersion, host, port,
               core.registry().tools().size(), core.options().workers, token ? ", bearer token required" : "");
  const bool served = transport.serve();
  {
    std::lock_guard lock(mutex);
    stopped = true;
  }
  stopped_changed.notify_all();
  if (!served) {
    spdlog::critical("fatal: the HTTP server stopped unexpectedly");
    return 1;
  }
  spdlog::info("HTTP server stopped; ending {} sessions", transport.sessions());
  return 0;
}

}  // namespace ca::server

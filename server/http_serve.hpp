#pragma once
// `--http`: from the flags to a running HTTP transport, and the process's life around it (signals, exit codes).
#include <string>
#include <variant>

#include "server/http_options.hpp"
#include "server/http_transport.hpp"
#include "server/session.hpp"

namespace ca::server {

// The transport's settings from the flags, or why they cannot work (exit 2): a malformed address, or an address
// beyond loopback without a readable --http-token-file.
std::variant<HttpTransportSettings, std::string> http_settings(const HttpOptions& options, std::size_t max_body_bytes);

// Serves until SIGTERM/SIGINT/SIGHUP; returns the exit code (0, or 1 when the address cannot be bound). After a
// signal, connections still open (idle keep-alive ones wait up to 5 s) get `grace`; then the process exits 0
// anyway.
int serve_http(ServerCore& core, HttpTransportSettings settings, Millis grace);

}  // namespace ca::server

#pragma once
// The settings of the Streamable HTTP transport (--http and its bounds). Each has a flag and an environment
// variable; docs/protocol.md#http lists them with their defaults. Without --http the server speaks stdio.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace ca::server {

struct HttpOptions {
  std::string listen;                       // --http ADDR:PORT             CREATORAUDIT_HTTP (empty: stdio)
  std::string token_file;                   // --http-token-file            CREATORAUDIT_HTTP_TOKEN_FILE
  std::vector<std::string> allowed_origins; // --http-allowed-origin        CREATORAUDIT_HTTP_ALLOWED_ORIGINS
  std::vector<std::string> allowed_hosts;   // --http-allowed-host          CREATORAUDIT_HTTP_ALLOWED_HOSTS
  std::size_t max_sessions = 100;           // --http-max-sessions          CREATORAUDIT_HTTP_MAX_SESSIONS
  long long session_idle_ms = 1'800'000;    // --http-session-idle-ms       CREATORAUDIT_HTTP_SESSION_IDLE_MS
  std::size_t threads = 64;                 // --http-threads               CREATORAUDIT_HTTP_THREADS
  long long keepalive_ms = 15'000;          // --http-sse-keepalive-ms      CREATORAUDIT_HTTP_SSE_KEEPALIVE_MS
  // The body cap is --max-line-bytes: one JSON-RPC message, whichever transport carries it.
};

void add_http_flags(CLI::App& app, HttpOptions& options);

// --http's ADDR:PORT, read: an IPv4 address or a bracketed IPv6 one (`[::1]:8080`), or `localhost`.
struct ListenAddress {
  std::string host;  // as given to bind(), without brackets
  int port = 0;      // 0: any free port
  bool loopback = false;
};
// nullopt with `error` filled when the text is not ADDR:PORT.
std::optional<ListenAddress> parse_listen_address(const std::string& text, std::string& error);

// The bearer token from --http-token-file: its first line, without surrounding whitespace. nullopt with `error`
// filled when the file cannot be read, is larger than 4 KiB, or holds a token shorter than 16 characters or with
// characters a header cannot carry. The token is never echoed.
std::optional<std::string> read_http_token(const std::string& path, std::string& error);

}  // namespace ca::server

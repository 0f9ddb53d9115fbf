#include "server/http_options.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <sstream>

namespace ca::server {

void add_http_flags(CLI::App& app, HttpOptions& o) {
  app.add_option("--http", o.listen,
                 "Serve MCP Streamable HTTP on ADDR:PORT (e.g. 127.0.0.1:8080) instead of stdio; an address beyond "
                 "loopback needs --http-token-file")
      ->envname("CREATORAUDIT_HTTP");
  app.add_option("--http-token-file", o.token_file,
                 "File holding the bearer token HTTP clients must send (Authorization: Bearer); required beyond "
                 "loopback")
      ->envname("CREATORAUDIT_HTTP_TOKEN_FILE");
  app.add_option("--http-allowed-origin", o.allowed_origins,
                 "An Origin allowed besides loopback ones (exact, e.g. https://app.example.com); repeatable")
      ->envname("CREATORAUDIT_HTTP_ALLOWED_ORIGINS")->delimiter(',');
  app.add_option("--http-allowed-host", o.allowed_hosts,
                 "A Host header value allowed besides loopback names (host or host:port); repeatable")
      ->envname("CREATORAUDIT_HTTP_ALLOWED_HOSTS")->delimiter(',');
  app.add_option("--http-max-sessions", o.max_sessions, "MCP sessions (2025-era clients) held at once")
      ->envname("CREATORAUDIT_HTTP_MAX_SESSIONS")->check(CLI::Range(1, 100'000))->capture_default_str();
  app.add_option("--http-session-idle-ms", o.session_idle_ms,
                 "A session with no request for this long is ended; its client gets 404 and starts a new one")
      ->envname("CREATORAUDIT_HTTP_SESSION_IDLE_MS")->check(CLI::Range(1'000LL, 86'400'000LL))->capture_default_str();
  app.add_option("--http-threads", o.threads,
                 "HTTP connections served at once (each open SSE stream or keep-alive connection holds one)")
      ->envname("CREATORAUDIT_HTTP_THREADS")->check(CLI::Range(2, 1024))->capture_default_str();
  app.add_option("--http-sse-keepalive-ms", o.keepalive_ms,
                 "While a call runs, an SSE comment is sent this often, and a closed stream is noticed within it")
      ->envname("CREATORAUDIT_HTTP_SSE_KEEPALIVE_MS")->check(CLI::Range(100LL, 300'000LL))->capture_default_str();
}

namespace {

// Loopback only when the text is a numeric address inside 127.0.0.0/8, ::1, or ::ffff:127.0.0.0/104. A name is
// never loopback here, whatever it looks like ("127.example.com" may resolve anywhere): binding to a name needs the
// token file like any address beyond this host.
bool is_loopback_literal(const std::string& host) {
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6) != 1) return false;
  if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
  return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

}  // namespace

std::optional<ListenAddress> parse_listen_address(const std::string& text, std::string& error) {
  ListenAddress address;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      error = "--http wants ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080";
      return std::nullopt;
    }
    address.host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || text.find(':') != colon) {
      error = "--http wants ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080";
      return std::nullopt;
    }
    address.host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    error = "--http: the port must be a number from 0 to 65535";
    return std::nullopt;
  }
  address.port = std::stoi(port);
  if (address.host == "localhost") address.host = "127.0.0.1";
  address.loopback = is_loopback_literal(address.host);
  return address;
}

std::optional<std::string> read_http_token(const std::string& path, std::string& error) {
  constexpr std::size_t kMaxFileBytes = 4096;
  constexpr std::size_t kMinTokenChars = 16;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "--http-token-file: cannot read " + path;
    return std::nullopt;
  }
  std::string content(kMaxFileBytes + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  if (content.size() > kMaxFileBytes) {
    error = "--http-token-file: " + path + " is larger than 4 KiB";
    return std::nullopt;
  }
  std::string token = content.substr(0, content.find('\n'));
  const auto first = token.find_first_not_of(" \t\r");
  const auto last = token.find_last_not_of(" \t\r");
  token = first == std::string::npos ? std::string() : token.substr(first, last - first + 1);
  for (const unsigned char c : token) {
    if (c < 0x21 || c > 0x7e) {
      error = "--http-token-file: the token holds a character an HTTP header cannot carry";
      return std::nullopt;
    }
  }
  if (token.size() < kMinTokenChars) {
    error = "--http-token-file: the token must be at least 16 characters";
    return std::nullopt;
  }
  return token;
}

}  // namespace ca::server

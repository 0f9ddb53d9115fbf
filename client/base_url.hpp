#pragma once
// The parts of CREATORAUDIT_BASE_URL the client needs: scheme and authority for the connection pool, the path
// prefix (e.g. "/v2") for every request, and whether plain http is acceptable (loopback only).
#include <optional>
#include <string>

namespace ca::api {

struct BaseUrl {
  std::string scheme;       // "http" or "https"
  std::string host;         // without brackets for IPv6
  int port = 0;             // explicit or the scheme default
  std::string path_prefix;  // "" or "/v2" (no trailing slash)

  bool https() const { return scheme == "https"; }
  std::string origin() const;  // scheme://host:port: what the rate budget is shared by
};

// Parses "scheme://host[:port][/prefix]". Returns nullopt for anything else (userinfo, query, bad port, ...).
std::optional<BaseUrl> parse_base_url(const std::string& url);

// 127.0.0.0/8, ::1 and "localhost": the only hosts a plain-http key may travel to.
bool is_loopback_host(const std::string& host);

}  // namespace ca::api

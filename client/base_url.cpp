#include "client/base_url.hpp"

#include <charconv>

#include "client/url_encoding.hpp"

namespace ca::api {
namespace {

bool parse_port(const std::string& text, int& port) {
  if (text.empty() || text.size() > 5) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  return ec == std::errc{} && end == text.data() + text.size() && port > 0 && port <= 65535;
}

bool is_ipv4_loopback(const std::string& host) {
  // Four dotted decimal octets, the first 127.
  int octets = 0;
  std::size_t pos = 0;
  int first = -1;
  while (pos <= host.size()) {
    std::size_t dot = host.find('.', pos);
    if (dot == std::string::npos) dot = host.size();
    std::string part = host.substr(pos, dot - pos);
    int value = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || part.size() > 3 || ec != std::errc{} || end != part.data() + part.size() || value > 255)
      return false;
    if (octets == 0) first = value;
    ++octets;
    pos = dot + 1;
    if (dot == host.size()) break;
  }
  return octets == 4 && first == 127;
}

}  // namespace

std::string BaseUrl::origin() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return scheme + "://" + h + ":" + std::to_string(port);
}

std::optional<BaseUrl> parse_base_url(const std::string& url) {
  BaseUrl out;
  // No spaces or control characters anywhere: the host and prefix go into the request line and the Host header.
  for (unsigned char c : url)
    if (c <= 0x20 || c == 0x7f) return std::nullopt;
  auto sep = url.find("://");
  if (sep == std::string::npos) return std::nullopt;
  out.scheme = ascii_lower(url.substr(0, sep));
  if (out.scheme != "http" && out.scheme != "https") return std::nullopt;
  std::string rest = url.substr(sep + 3);
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  // Userinfo, a query or a fragment would put something in the URL the client never sends (and may be a secret).
  if (authority.empty() || authority.find_first_of("@?#") != std::string::npos) return std::nullopt;
  if (path.find_first_of("?#") != std::string::npos) return std::nullopt;
  while (!path.empty() && path.back() == '/') path.pop_back();
  out.path_prefix = path;

  std::string port_text;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    out.host = authority.substr(1, close - 1);
    std::string after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port_text = after.substr(1);
      if (port_text.empty()) return std::nullopt;
    }
  } else {
    auto colon = authority.find(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return std::nullopt;
    }
  }
  out.host = ascii_lower(out.host);
  if (out.host.empty()) return std::nullopt;
  if (port_text.empty()) {
    out.port = out.https() ? 443 : 80;
  } else if (!parse_port(port_text, out.port)) {
    return std::nullopt;
  }
  return out;
}

bool is_loopback_host(const std::string& host) {
  std::string h = ascii_lower(host);
  return h == "localhost" || h == "::1" || is_ipv4_loopback(h);
}

}  // namespace ca::api

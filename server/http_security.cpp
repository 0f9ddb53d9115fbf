#include "server/http_security.hpp"

#include <algorithm>

#include "client/url_encoding.hpp"

namespace ca::server {
namespace {

using api::ascii_lower;

bool is_loopback_name(std::string_view host) {
  const std::string lower = ascii_lower(std::string(host));
  return lower == "localhost" || lower == "127.0.0.1" || lower == "[::1]";
}

// "name:port", "name", "[v6]:port" → the name part ("[v6]" keeps its brackets).
std::string_view host_without_port(std::string_view authority) {
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    return close == std::string_view::npos ? authority : authority.substr(0, close + 1);
  }
  return authority.substr(0, authority.find(':'));
}

}  // namespace

bool origin_allowed(std::string_view origin, const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), origin) != allowed.end()) return true;
  std::string_view rest;
  if (origin.substr(0, 7) == "http://") {
    rest = origin.substr(7);
  } else if (origin.substr(0, 8) == "https://") {
    rest = origin.substr(8);
  } else {
    return false;  // "null", other schemes, garbage
  }
  if (rest.find('/') != std::string_view::npos) return false;  // an origin has no path
  return is_loopback_name(host_without_port(rest));
}

bool host_allowed(std::string_view host, bool loopback_bind, const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), host) != allowed.end()) return true;
  const std::string_view name = host_without_port(host);
  if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) return true;
  if (loopback_bind) return is_loopback_name(name);
  return allowed.empty();
}

bool bearer_matches(std::string_view authorization, std::string_view token) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() < kScheme.size() ||
      ascii_lower(std::string(authorization.substr(0, kScheme.size()))) != "bearer ") {
    return false;
  }
  const std::string_view given = authorization.substr(kScheme.size());
  // Every byte of the longer string is visited whatever matches, so the time says nothing about the token.
  unsigned char difference = given.size() == token.size() ? 0 : 1;
  const std::size_t length = std::max(given.size(), token.size());
  for (std::size_t i = 0; i < length; ++i) {
    const unsigned char a = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    const unsigned char b = i < token.size() ? static_cast<unsigned char>(token[i]) : 0;
    difference |= static_cast<unsigned char>(a ^ b);
  }
  return difference == 0;
}

std::optional<std::string> decode_mirrored_header(std::string_view value) {
  for (const unsigned char c : value) {
    if (c != '\t' && (c < 0x20 || c > 0x7e)) return std::nullopt;
  }
  constexpr std::string_view kPrefix = "=?base64?", kSuffix = "?=";
  if (value.size() < kPrefix.size() + kSuffix.size() || value.substr(0, kPrefix.size()) != kPrefix ||
      value.substr(value.size() - kSuffix.size()) != kSuffix) {
    return std::string(value);
  }
  const std::string_view encoded = value.substr(kPrefix.size(), value.size() - kPrefix.size() - kSuffix.size());
  std::string decoded;
  unsigned int buffer = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (const char c : encoded) {
    int digit;
    if (c >= 'A' && c <= 'Z') digit = c - 'A';
    else if (c >= 'a' && c <= 'z') digit = c - 'a' + 26;
    else if (c >= '0' && c <= '9') digit = c - '0' + 52;
    else if (c == '+') digit = 62;
    else if (c == '/') digit = 63;
    else if (c == '=') { ++padding; continue; }
    else return std::nullopt;
    if (padding > 0) return std::nullopt;  // data after padding
    buffer = (buffer << 6) | static_cast<unsigned int>(digit);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      decoded.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  if (padding > 2) return std::nullopt;
  return decoded;
}

}  // namespace ca::server

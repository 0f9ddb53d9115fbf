#include "tools/list_cursor.hpp"

#include <array>
#include <cstdint>
#include <cstdio>

namespace ca::tools {
namespace {

constexpr std::size_t kFingerprintLength = 16;  // hex digits of a 64-bit FNV-1a

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace

std::string list_fingerprint(const std::string& path, const api::Query& filters) {
  // Each value is length-prefixed so that no two different listings share a canonical text.
  std::string canonical = std::to_string(path.size()) + ":" + path + ";";
  for (const auto& [name, value] : filters) {
    canonical.append(name).push_back('=');
    canonical.append(std::to_string(value.size())).append(":").append(value).push_back(';');
  }
  std::array<char, kFingerprintLength + 1> hex{};
  std::snprintf(hex.data(), hex.size(), "%016llx", static_cast<unsigned long long>(fnv1a(canonical)));
  return std::string(hex.data(), kFingerprintLength);
}

std::string encode_cursor(const ListCursor& cursor) {
  return cursor.fingerprint + "." + std::to_string(cursor.skip) + "." + cursor.api_cursor.value_or("");
}

std::optional<ListCursor> decode_cursor(const std::string& text) {
  const auto first_dot = text.find('.');
  if (first_dot != kFingerprintLength) return std::nullopt;
  const auto second_dot = text.find('.', first_dot + 1);
  if (second_dot == std::string::npos) return std::nullopt;
  ListCursor cursor;
  cursor.fingerprint = text.substr(0, first_dot);
  if (cursor.fingerprint.find_first_not_of("0123456789abcdef") != std::string::npos) return std::nullopt;
  const std::string skip = text.substr(first_dot + 1, second_dot - first_dot - 1);
  if (skip.empty() || skip.size() > 6 || skip.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  cursor.skip = std::stoul(skip);
  if (second_dot + 1 < text.size()) cursor.api_cursor = text.substr(second_dot + 1);
  return cursor;
}

}  // namespace ca::tools

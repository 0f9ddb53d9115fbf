#include "tools/list_cursor.hpp"

#include <array>
#include <cstdint>
#include <cstdio>

#include "common/json_util.hpp"

namespace ca::tools {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url_encode(const std::string& in) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const unsigned char c : in) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::optional<std::string> base64url_decode(const std::string& in) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : in) {
    const auto pos = kAlphabet.find(c);
    if (pos == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace

std::string filter_fingerprint(const api::AccountFilter& filter) {
  // Each value is length-prefixed so that no two different filter sets share a canonical text.
  std::string canonical;
  const auto add = [&](const char* name, const std::optional<std::string>& value) {
    canonical.append(name).push_back('=');
    if (value) canonical.append(std::to_string(value->size())).append(":").append(*value);
    canonical.push_back(';');
  };
  add("platform", filter.platform);
  add("q", filter.q);
  add("category", filter.category);
  add("creator_id", filter.creator_id);
  add("order_by", filter.order_by);
  add("order_direction", filter.order_direction ? filter.order_direction : std::optional<std::string>("desc"));
  add("is_active", filter.is_active ? std::optional<std::string>(*filter.is_active ? "true" : "false") : std::nullopt);
  std::array<char, 17> hex{};
  std::snprintf(hex.data(), hex.size(), "%016llx", static_cast<unsigned long long>(fnv1a(canonical)));
  return std::string(hex.data(), 16);
}

std::string encode_cursor(const ListCursor& cursor) {
  Json body = {{"c", cursor.api_cursor ? Json(*cursor.api_cursor) : Json(nullptr)},
               {"s", cursor.skip},
               {"f", cursor.fingerprint}};
  return base64url_encode(dump_compact(body));
}

std::optional<ListCursor> decode_cursor(const std::string& text) {
  const auto decoded = base64url_decode(text);
  if (!decoded) return std::nullopt;
  const Json body = Json::parse(*decoded, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) return std::nullopt;
  const auto c = body.find("c");
  const auto s = body.find("s");
  const auto f = body.find("f");
  if (c == body.end() || s == body.end() || f == body.end()) return std::nullopt;
  if (!(c->is_null() || c->is_string()) || !s->is_number_unsigned() || !f->is_string()) return std::nullopt;
  ListCursor cursor;
  if (c->is_string()) cursor.api_cursor = c->get<std::string>();
  cursor.skip = s->get<std::size_t>();
  cursor.fingerprint = f->get<std::string>();
  return cursor;
}

}  // namespace ca::tools

#include "tools/api_target.hpp"

#include <optional>

namespace ca::tools {
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A query key or value with %XX and '+' decoded; nullopt for a broken escape or a decoded control byte.
std::optional<std::string> decode_query_part(const std::string& part) {
  std::string out;
  for (std::size_t i = 0; i < part.size(); ++i) {
    char c = part[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%') {
      if (i + 2 >= part.size()) return std::nullopt;
      const int high = hex_value(part[i + 1]), low = hex_value(part[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return std::nullopt;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::variant<ApiTarget, std::string> parse_api_target(const std::string& text) {
  for (const unsigned char c : text) {
    if (c < 0x21 || c >= 0x7F) return "must be printable ASCII without spaces or control characters";
    if (c == '\\') return "must not contain backslashes";
    if (c == '#') return "must not contain a fragment (#)";
  }
  if (text.empty() || text[0] != '/' || text.rfind("//", 0) == 0) {
    return "must be a path under the API base URL starting with one '/' (e.g. /videos), not a URL or a host";
  }
  const std::size_t question = text.find('?');
  ApiTarget target{text.substr(0, question), {}};
  // Segments between slashes: never empty (no "//"), never "." or "..", unreserved characters only.
  std::size_t start = 1;
  while (start <= target.path.size()) {
    const std::size_t end = std::min(target.path.find('/', start), target.path.size());
    const std::string segment = target.path.substr(start, end - start);
    if (segment.empty()) return "must not contain empty segments (// or a trailing /)";
    if (segment == "." || segment == "..") return "must not contain . or .. segments";
    for (const unsigned char c : segment) {
      if (!is_unreserved(c)) {
        return c == '%' ? "must not percent-encode the path (%2e, %2f, ...): write it plainly"
                        : "may hold only letters, digits, - . _ ~ and / before the query";
      }
    }
    start = end + 1;
  }
  if (question == std::string::npos) return target;
  const std::string query = text.substr(question + 1);
  std::size_t from = 0;
  while (from <= query.size()) {
    const std::size_t end = std::min(query.find('&', from), query.size());
    const std::string pair = query.substr(from, end - from);
    from = end + 1;
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    const auto key = decode_query_part(pair.substr(0, equals));
    const auto value = decode_query_part(equals == std::string::npos ? "" : pair.substr(equals + 1));
    if (!key || !value || key->empty()) {
      return "has a malformed query parameter (an empty name, a broken %XX escape or an encoded control "
             "character)";
    }
    target.query.emplace_back(*key, *value);
  }
  return target;
}

}  // namespace ca::tools

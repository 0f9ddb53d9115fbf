#include "tools/sanitize.hpp"

namespace ca::tools {
namespace {

bool is_removed_code_point(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F)                       // C1 controls
         || cp == 0x061C                                  // Arabic letter mark
         || cp == 0x200B || cp == 0x200E || cp == 0x200F  // zero-width space, LRM, RLM
         || (cp >= 0x202A && cp <= 0x202E)                // embeddings and overrides
         || (cp >= 0x2066 && cp <= 0x2069)                // isolates
         || cp == 0xFEFF;                                 // BOM / zero-width no-break space
}

// Length of a well-formed UTF-8 sequence starting at s[i] and its code point; 0 when malformed.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  return length;
}

}  // namespace

std::string sanitize_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\t' || c == '\n' || c == '\r') {
        out.push_back(' ');
      } else if (c >= 0x20 && c != 0x7F) {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t length = decode_utf8(text, i, cp);
    if (length == 0) {  // keep a malformed byte; the serializer replaces it with U+FFFD
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (!is_removed_code_point(cp)) out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

Json sanitize_strings(const Json& value) {
  if (value.is_string()) return sanitize_text(value.get_ref<const std::string&>());
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, child] : value.items()) out[key] = sanitize_strings(child);
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& child : value) out.push_back(sanitize_strings(child));
    return out;
  }
  return value;
}

}  // namespace ca::tools

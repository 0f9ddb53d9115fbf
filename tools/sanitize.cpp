#include "tools/sanitize.hpp"

#include <algorithm>

#include "common/utf8.hpp"

namespace ca::tools {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

}  // namespace

std::string sanitize_text(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes));
  for (std::size_t i = 0; i < text.size();) {
    // Printable ASCII passes unchanged and is most of any text: copied a run at a time, as much as fits (the
    // character-by-character path below then makes the cut).
    std::size_t run_end = i;
    while (run_end < text.size() && text[run_end] >= 0x20 && text[run_end] < 0x7F) ++run_end;
    if (run_end > i) {
      const std::size_t copied = std::min(run_end - i, max_bytes - out.size());
      out.append(text.substr(i, copied));
      i += copied;
      if (i == text.size()) break;
    }
    char32_t cp = 0;
    const std::size_t length = utf8_sequence_length(text, i, &cp);
    std::string_view piece;
    if (length == 0) {
      piece = kUtf8Replacement;
    } else if (cp == '\t' || cp == '\n' || cp == '\r') {
      piece = " ";
    } else if (!is_control_or_hidden(cp)) {  // tab, CR and LF were handled above
      piece = text.substr(i, length);
    }
    i += length == 0 ? 1 : length;
    if (out.size() + piece.size() > max_bytes) {
      // Cut on a character boundary, leaving room for the ellipsis that says so.
      while (!out.empty() && out.size() + kEllipsis.size() > max_bytes) {
        std::size_t start = out.size() - 1;
        while (start > 0 && (static_cast<unsigned char>(out[start]) & 0xC0) == 0x80) --start;
        out.resize(start);
      }
      if (out.size() + kEllipsis.size() <= max_bytes) out += kEllipsis;
      return out;
    }
    out += piece;
  }
  return out;
}

Json sanitize_strings(const Json& value) {
  if (value.is_string()) return sanitize_text(value.get_ref<const std::string&>());
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, child] : value.items()) out[sanitize_text(key)] = sanitize_strings(child);
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

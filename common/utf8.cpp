#include "common/utf8.hpp"

namespace ca {

std::size_t utf8_sequence_length(std::string_view text, std::size_t i, char32_t* code_point) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    if (code_point) *code_point = lead;
    return 1;
  }
  std::size_t length = 0;
  char32_t cp = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the first continuation byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if (k > 1 && (byte(i + k) < 0x80 || byte(i + k) > 0xBF)) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (code_point) *code_point = cp;
  return length;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    const std::size_t length = utf8_sequence_length(text, i);
    i += length == 0 ? 1 : length;
  }
  return count;
}

bool is_control_or_hidden(char32_t cp) {
  return cp < 0x20 || cp == 0x7F                         // C0 controls, DEL
         || (cp >= 0x80 && cp <= 0x9F)                    // C1 controls
         || cp == 0x061C                                  // Arabic letter mark
         || cp == 0x200B || cp == 0x200E || cp == 0x200F  // zero-width space, LRM, RLM
         || (cp >= 0x202A && cp <= 0x202E)                // embeddings and overrides
         || (cp >= 0x2066 && cp <= 0x2069)                // isolates
         || cp == 0xFEFF;                                 // BOM / zero-width no-break space
}

}  // namespace ca

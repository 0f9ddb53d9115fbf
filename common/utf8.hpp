#pragma once
// The one UTF-8 decoder of the project. Input lines (server/utf8.cpp), text copied from the upstream into results
// (tools/sanitize.cpp) and string lengths in schema checks all read UTF-8 through it, so they agree on what is
// well-formed.
#include <cstddef>
#include <string_view>

namespace ca {

// Length of the well-formed UTF-8 sequence that starts at text[i] (Unicode Table 3-7: no overlongs, no
// surrogates, nothing above U+10FFFF), storing its code point in `code_point` when given; 0 when it is ill-formed.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i, char32_t* code_point = nullptr);

// U+FFFD, which replaces each ill-formed byte.
inline constexpr std::string_view kUtf8Replacement = "\xEF\xBF\xBD";

// Characters that must not reach a reader unmarked: C0 and C1 controls, DEL, and the invisible formatting
// characters that hide or reorder text (bidi marks, embeddings, overrides and isolates, zero-width space, BOM).
// Upstream text drops them (tools/sanitize.hpp); logs write them as escapes (server/logging.hpp).
bool is_control_or_hidden(char32_t code_point);

// Number of code points, counting each ill-formed byte as one (as if it had been replaced by U+FFFD).
std::size_t utf8_length(std::string_view text);

}  // namespace ca

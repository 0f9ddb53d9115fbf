#pragma once
// Text from the upstream (names, bios, captions, usernames, metadata and its keys, API error titles and details)
// reaches the model as data. Control characters and bidirectional-override/invisible formatting characters are
// removed so that such text cannot hide or reorder what the model reads, ill-formed UTF-8 is replaced, and its
// length is bounded so that one hostile field cannot fill a result.
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

#include "common/json_util.hpp"

namespace ca::tools {

// The longest string copied from the upstream into a result or an error text, in bytes; a longer one is cut at a
// character boundary and ends with "…". Bios are at most a few hundred bytes on both platforms, so this only
// bites on hostile or broken data.
inline constexpr std::size_t kMaxUpstreamTextBytes = 1024;

// Removes C0/C1 controls (tab, CR and LF become a space), DEL, bidi embeddings/overrides/isolates, LRM/RLM/ALM,
// zero-width space and BOM; replaces ill-formed UTF-8 with U+FFFD; cuts the result to `max_bytes`. Emoji joiners
// and right-to-left letters are kept.
std::string sanitize_text(std::string_view text, std::size_t max_bytes = kMaxUpstreamTextBytes);

// sanitize_text applied to every string and every object key inside `value`.
Json sanitize_strings(const Json& value);

}  // namespace ca::tools

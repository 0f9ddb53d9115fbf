#pragma once
// Text written by creators (names, bios, captions, usernames) reaches the model as data. Control characters and
// bidirectional-override/invisible formatting characters are removed so that such text cannot hide or reorder
// what the model reads (see peers.md §3.14).
#include <string>
#include <string_view>

#include "common/json_util.hpp"

namespace ca::tools {

// Removes C0/C1 controls (tab, CR and LF become a space), DEL, bidi embeddings/overrides/isolates, LRM/RLM/ALM,
// zero-width space and BOM. Everything else, including emoji joiners and invalid bytes, is kept as is
// (dump_compact replaces invalid UTF-8 later).
std::string sanitize_text(std::string_view text);

// sanitize_text applied to every string (not keys) inside `value`.
Json sanitize_strings(const Json& value);

}  // namespace ca::tools

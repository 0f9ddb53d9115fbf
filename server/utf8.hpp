#pragma once
// nlohmann's parser throws on ill-formed UTF-8; a client that forwards a creator bio with a stray Latin-1 byte
// must get an answer, not a dead server. Input lines are repaired before parsing, the way dump_compact repairs
// output.
#include <string>
#include <string_view>

namespace ca::server {

// Returns `text` with every ill-formed UTF-8 sequence (stray continuation bytes, truncated or overlong
// sequences, surrogates, code points above U+10FFFF) replaced by U+FFFD.
std::string sanitize_utf8(std::string_view text);

}  // namespace ca::server

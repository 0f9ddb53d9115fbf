#pragma once
// nlohmann/json copies and destroys values recursively, so a line of a million '[' would overflow the stack. Lines
// are checked for nesting depth before they are parsed.
#include <cstddef>
#include <string_view>

namespace ca::server {

// No MCP message this server accepts comes close: tool arguments are a few levels deep.
inline constexpr std::size_t kMaxJsonNesting = 128;

// True when `text`, read as JSON, opens more than `limit` arrays/objects at once (brackets inside strings do not
// count). Cheap: one pass, stops at the first excess.
bool nests_deeper_than(std::string_view text, std::size_t limit);

}  // namespace ca::server

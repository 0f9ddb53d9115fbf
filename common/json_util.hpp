#pragma once
// One JSON type for everything the project emits: insertion-ordered, so output and snapshots are deterministic.
#include <nlohmann/json.hpp>
#include <string>

namespace ca {

using Json = nlohmann::ordered_json;

// Compact, single-line serialisation that never throws on invalid UTF-8 (creator bios contain it): bad bytes
// become U+FFFD. Newlines inside strings are escaped by the serialiser, so the result is always one line.
std::string dump_compact(const Json& value);
// dump_compact(value).size(), counted without building the text.
std::size_t compact_size(const Json& value);

}  // namespace ca

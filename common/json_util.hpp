#pragma once
// One JSON type for everything the project emits: insertion-ordered, so output and snapshots are deterministic.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace ca {

using Json = nlohmann::ordered_json;

// An empty object with room for `members` members. An ordered_json object is a vector of pair<const string, Json>,
// which cannot be moved without risk of a throw: built member by member, it reallocates at each doubling and
// copies every member, deeply. That was most of the cost of building results.
inline Json object_with_capacity(std::size_t members) {
  Json object = Json::object();
  object.get_ref<Json::object_t&>().reserve(members);
  return object;
}

// Compact, single-line serialisation that never throws on invalid UTF-8 (creator bios contain it): bad bytes
// become U+FFFD. Newlines inside strings are escaped by the serialiser, so the result is always one line.
std::string dump_compact(const Json& value);
// dump_compact(value) appended to `out` (which may keep its capacity from one message to the next).
void append_compact(std::string& out, const Json& value);
// dump_compact(value).size(), counted without building the text.
std::size_t compact_size(const Json& value);
// dump_compact(value) when it is at most `max_bytes` long, else nullopt (found without writing the rest): for a
// result measured against a byte budget, whose text is then its text copy.
std::optional<std::string> dump_compact_within(const Json& value, std::size_t max_bytes);

// A value that stands for `compact_text`, which must be dump_compact() of some value: the writer above copies the
// text as it is. A tool result travels twice in its message, as structuredContent and as its own text copy; with
// this it is serialised once. It is for outgoing messages only: nothing but this writer reads it as that value
// (it compares unequal to it, and nlohmann's own dump prints it as bytes).
Json already_serialized(std::string_view compact_text);

// The bytes a value holds on the heap: its containers' capacities and its strings' buffers, each allocation
// estimated 16 bytes larger (glibc's chunk header and rounding). For charging a kept tree to a byte budget.
// Iterative, so any depth is safe.
std::size_t json_heap_bytes(const Json& value);

}  // namespace ca

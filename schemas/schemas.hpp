#pragma once
// The JSON Schemas of the tools, embedded from schemas/*.json at build time and parsed once.
// A schema may use {"$include": "<name>"} to share a fragment (e.g. the compact account row); it is expanded
// when the schema is parsed, so what tools/list serves is self-contained.
#include <string>
#include <string_view>
#include <vector>

#include "common/json_util.hpp"

namespace ca::schemas {

// The parsed schema named after its file, e.g. get("list_accounts.input") for schemas/list_accounts.input.json.
// Throws std::out_of_range for an unknown name (a programming error that the schema tests catch).
const Json& get(std::string_view name);

// Every embedded schema's name, sorted.
std::vector<std::string> names();

namespace detail {
struct EmbeddedSchema {
  const char* name;
  const char* text;
};
const std::vector<EmbeddedSchema>& embedded();  // generated
}  // namespace detail

}  // namespace ca::schemas

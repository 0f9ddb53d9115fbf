#pragma once
// Validates tool arguments against the tool's input schema before the tool runs, and explains a failure in one
// sentence the model can act on: which argument, which rule, and an example of a valid value, e.g.
//   Invalid argument `max_results`: must be an integer from 1 to 1000 (got 5000). Example: 50.
// The same rules check every result against the tool's output schema before it is sent (validate_result).
//
// Supported JSON Schema subset (write tool schemas against exactly this; other keywords are served to clients
// verbatim but not checked here):
//   type                 "object" | "string" | "integer" | "number" | "boolean" | "array" | "null",
//                        or an array of those (any may match). "integer" accepts 5 and 5.0.
//   enum                 the value must equal one of the listed values.
//   minimum / maximum    inclusive bounds for integer and number.
//   minLength/maxLength  string length in Unicode code points.
//   pattern              std::regex ECMAScript, searched (not anchored: write ^...$ to anchor).
//   format               "date" (YYYY-MM-DD, a real calendar date) and "uuid" (8-4-4-4-12 hex digits); other
//                        formats are not checked.
//   minItems / maxItems / uniqueItems / items   for arrays (items: one schema for every element).
//   properties / required / additionalProperties   for objects, nested to any depth; additionalProperties is
//                        false (a closed object) or a schema every other member must satisfy (a map keyed by id);
//                        paths in messages look like `filters.platform` and `account_ids[3]`.
//   $ref                 "#/$defs/<name>" (any JSON pointer into the root schema), so a map's value schema is
//                        written once.
// The example comes from the failing (sub)schema's `examples[0]` when present, else it is synthesised from the
// rules (enum[0], the minimum, a date, a uuid, ...). A `pattern` cannot be synthesised: give such properties
// `examples`.
#include <optional>
#include <string>
#include <string_view>

#include "common/json_util.hpp"

namespace ca::tools {

// nullopt when `arguments` satisfies `schema`; otherwise one message naming the first violation found.
std::optional<std::string> validate_arguments(const Json& arguments, const Json& schema);

// The same check for a tool's result against its output schema; the message names the result field, e.g.
// "Invalid result field `accounts[3].followers`: must be an integer of at least 0 (got -5)." (for the log).
std::optional<std::string> validate_result(const Json& result, const Json& schema);

// Returns `arguments` with every absent top-level property that has a schema `default` set to that default, so
// that a tool reads its defaults from its schema instead of repeating them.
Json with_schema_defaults(const Json& arguments, const Json& schema);

// YYYY-MM-DD naming a real calendar day (format "date").
bool is_calendar_date(std::string_view text);

}  // namespace ca::tools

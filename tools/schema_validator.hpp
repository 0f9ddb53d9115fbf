#pragma once
// Validates tool arguments against the tool's input schema before the tool runs, and explains a failure in one
// sentence the model can act on: which argument, which rule, and an example of a valid value, e.g.
//   Invalid argument `max_results`: must be an integer from 1 to 1000 (got 5000). Example: 50.
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
//   properties / required / additionalProperties:false   for objects, nested to any depth; paths in messages
//                        look like `filters.platform` and `account_ids[3]`.
// The example comes from the failing (sub)schema's `examples[0]` when present, else it is synthesised from the
// rules (enum[0], the minimum, a date, a uuid, ...). A `pattern` cannot be synthesised: give such properties
// `examples`.
#include <optional>
#include <string>

#include "common/json_util.hpp"

namespace ca::tools {

// nullopt when `arguments` satisfies `schema`; otherwise one message naming the first violation found.
std::optional<std::string> validate_arguments(const Json& arguments, const Json& schema);

}  // namespace ca::tools

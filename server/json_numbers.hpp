#pragma once
// nlohmann's parser refuses a number outside a double's range (1e999, a 400-digit integer) with out_of_range.406
// and returns nothing, so the message's id and method would be lost with it. JSON itself allows such numbers
// (RFC 8259 §6 lets implementations limit the range), so such a line is a valid message carrying a value this
// server cannot represent: it is parsed with each such number read as null, and the caller learns where they were
// so that it can answer with the message's id and name the offending field.
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/json_util.hpp"

namespace ca::server {

// One step of a path into a JSON value: an object member name or an array index.
using JsonPathStep = std::variant<std::string, std::size_t>;
using JsonPath = std::vector<JsonPathStep>;

struct OutOfRangeNumber {
  JsonPath path;     // where the number sits, e.g. {"params", "arguments", "max_results"}
  std::string text;  // the number as written (at most 40 characters, "..." marks a cut)
};

// Only the first this many out-of-range numbers of a line are described (path and text); any further ones are
// still read as null. The client is told about the first one where it matters, and describing every one of a
// million numbers under long member names would cost the reader thread memory and time without bound.
inline constexpr std::size_t kMaxDescribedNumbers = 64;

struct ParsedLine {
  Json value;                                  // discarded() when the line is not JSON
  std::string error;                           // why it is not JSON, when value is discarded
  std::vector<OutOfRangeNumber> out_of_range;  // each was parsed as null; at most kMaxDescribedNumbers
  Json before_nul;  // a NUL byte ends the line's JSON: what came before it, parsed (discarded if not JSON)
};

// Parses one line of JSON text. Never throws: a syntax error, a raw NUL byte anywhere (JSON forbids it; nlohmann
// would stop reading at it and accept what came before) or any other parser exception is reported in `error`.
// After a NUL byte the text before it is still parsed into `before_nul`, so that a caller can answer the error
// with the message's id.
ParsedLine parse_json_line(std::string_view text);

// `path` as a reader would write it: `params.arguments.max_results`, `ids[3]`.
std::string format_json_path(const JsonPath& path);

// True when `path` starts with `prefix`.
bool path_starts_with(const JsonPath& path, const JsonPath& prefix);

// The numbers under `prefix`, with `prefix` removed from their paths (e.g. those of one batch element).
std::vector<OutOfRangeNumber> out_of_range_under(const std::vector<OutOfRangeNumber>& numbers,
                                                 const JsonPath& prefix);

// The numbers of a batch split by element index, paths relative to the element: one pass, however long the batch.
std::vector<std::vector<OutOfRangeNumber>> out_of_range_by_element(const std::vector<OutOfRangeNumber>& numbers,
                                                                   std::size_t elements);

// "<where> is 1e999, a number outside the range of a double (about ±1.8e308)"
std::string describe_out_of_range(const OutOfRangeNumber& number, const std::string& where);

}  // namespace ca::server

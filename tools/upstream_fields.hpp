#pragma once
// Defensive reads of upstream JSON for results: a value that does not fit what the tool's output schema promises
// (wrong type, null, negative, fractional or huge count, a malformed id or date) reads as absent and is left out
// of the result, never copied and never an exception. Text is sanitized and bounded (tools/sanitize.hpp).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "common/json_util.hpp"

namespace ca::tools {

// The largest count a result carries: 2^53 − 1, the largest integer every JSON client (JavaScript included) reads
// exactly. Real counts are far below it; a larger one is broken data.
inline constexpr std::int64_t kMaxCount = 9'007'199'254'740'991;

// An integer from 0 to kMaxCount (5.0 reads as 5); nullopt otherwise.
std::optional<std::int64_t> count_value(const Json& value);
std::optional<std::int64_t> count_field(const Json& object, const char* key);

// A string, sanitized and bounded; nullopt when absent, not a string, or empty once sanitized.
std::optional<std::string> text_field(const Json& object, const char* key);

std::optional<bool> bool_field(const Json& object, const char* key);

// Sets row[key] to what a read above gave, when it gave something. Moved in: a row's strings are made once (read
// and sanitised from the upstream item), not copied again.
template <class T>
void put_present(Json& row, const char* key, std::optional<T> value) {
  if (value) row[key] = std::move(*value);
}

// A member that is an object or an array, as given; nullptr when absent or of another type.
const Json* object_field(const Json& object, const char* key);
const Json* array_field(const Json& object, const char* key);

// The organization's free-form metadata object, every key and string sanitized; nullopt when absent, not an
// object, empty, or larger than kMaxMetadataBytes once compact (left out rather than let one row crowd out the
// others under the result budget; the row schemas say so).
inline constexpr std::size_t kMaxMetadataBytes = 4096;
std::optional<Json> metadata_field(const Json& object, const char* key);
// A UUID string (any case, as given); nullopt otherwise.
std::optional<std::string> uuid_field(const Json& object, const char* key);

// A YYYY-MM-DD calendar date; nullopt otherwise.
std::optional<std::string> date_field(const Json& object, const char* key);

// One of `allowed`, compared exactly; nullopt otherwise.
std::optional<std::string> enum_field(const Json& object, const char* key, const Json& allowed);

// `key` read by the type its row schema `property` gives it (string, uuid-format string, integer count, number
// from 0 to kMaxCount, non-empty object sanitized and at most kMaxMetadataBytes, boolean); nullopt when it does not
// fit. For the optional `fields` of list tools.
std::optional<Json> typed_field(const Json& object, const char* key, const Json& property);

// The window the API says it used (`meta` of a windowed answer: period, start_date, end_date), copied into `output`
// where valid; the period asked for when the API names none of `periods`.
void put_window(Json& output, const Json* meta, const Json& periods, const std::string& asked_period);

}  // namespace ca::tools

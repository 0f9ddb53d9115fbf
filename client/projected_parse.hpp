#pragma once
// Parsing an upstream body into only what the caller reads. A list page carries about 25 members per item while a
// tool's row uses about a dozen: building (and later freeing) the others, and nlohmann's byte-at-a-time lexer, were
// most of a list call's CPU. Bodies are parsed with simdjson (validated whole, UTF-8 included) and only the kept
// members become nlohmann values; the protocol side stays on nlohmann.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/json_util.hpp"

namespace ca::api {

// The members a caller reads from each object of a response's top-level "data" array; empty = every member.
using ItemFields = std::shared_ptr<const std::vector<std::string>>;

// The body parsed (a discarded value when it is not JSON, as Json::parse(body, nullptr, false) gives), with each
// object in its top-level "data" array keeping only the members in `item_fields`. Everything else (pagination,
// meta, nested values of kept members) is kept whole. Duplicate member names: the last value wins, at the first
// one's position (as nlohmann's parser does).
Json parse_upstream_body(const std::string& body, const ItemFields& item_fields);

namespace detail {
// The two ways parse_upstream_body has, apart so that tests and the differential fuzzer can compare them. The
// simdjson path answers nullopt for anything it does not take (not JSON, nesting beyond simdjson's 1,024 levels,
// integers beyond 64 bits, 1e400, an unpaired surrogate escape, ...); the nlohmann path then decides, so such
// bodies get the answer they got before — up to kFallbackMaxBytes.
//
// Above that size a declined body is refused as not JSON (a discarded value) without trying nlohmann: its ordered
// map finds each new member name by a scan, so a hostile object of n members costs n²/2 comparisons (measured: an
// object of 40,000 members behind one 20-digit integer, 1.3 s); under the limit that stays well inside a call's
// deadline. The API sends nothing simdjson declines.
inline constexpr std::size_t kFallbackMaxBytes = 256u << 10;
std::optional<Json> parse_with_simdjson(const std::string& body, const ItemFields& item_fields);
Json parse_with_nlohmann(const std::string& body, const ItemFields& item_fields);
}  // namespace detail

}  // namespace ca::api

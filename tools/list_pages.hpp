#pragma once
// What every list tool shares: the API query built from the tool's arguments, the cursor check, the page loop
// (pages of min(api::kMaxPageSize, rows still wanted), resuming mid-page), and the result under the byte budget
// with returned / has_more / next_cursor / note. A list tool supplies its API path, its argument → parameter
// table and a row view; see tools/list_accounts.cpp.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "client/client.hpp"
#include "tools/list_cursor.hpp"
#include "tools/tool_support.hpp"

namespace ca::tools {

// One tool argument and the API query parameter it becomes (strings verbatim, booleans as true/false, integers
// in decimal). Absent arguments are not sent.
struct QueryParameter {
  const char* argument;
  const char* parameter;
};
api::Query query_from_arguments(const Json& arguments, const std::vector<QueryParameter>& parameters);

struct ListSpec {
  std::string path;      // e.g. "/accounts"
  api::Query filters;    // identical on every page, and part of the cursor's fingerprint
  std::string noun;      // "accounts": for progress and notes
  // An API item as a result row, or nullopt when it lacks what identifies a row (it is dropped and counted).
  std::function<std::optional<Json>(const Json& item)> to_row;
  std::string dropped_reason;  // e.g. "they lacked a valid id, platform or username"
  std::string narrower;        // how to ask for less, for the budget note, e.g. "fewer fields or a platform filter"
};

// Where the listing starts: the first page, or where `cursor` points. An argument error when `cursor` is not a
// cursor a list tool issued, or was issued for another listing (other filters, sort or tool).
std::variant<ListCursor, ToolResult> listing_start(const Json& arguments, const ListSpec& spec);

// Fetches up to `max_results` rows from `start` and returns {<noun>: rows, returned, has_more, next_cursor?,
// note?} cut to the context's byte budget. An API error on any page is the call's error. `item_fields`: every
// item member spec.to_row reads; the others are dropped while pages are parsed (null: keep all).
ToolResult list_rows(api::Client& client, const ListSpec& spec, const ListCursor& start, std::size_t max_results,
                     const ToolContext& context,
                     const std::shared_ptr<const std::vector<std::string>>& item_fields = nullptr);

}  // namespace ca::tools

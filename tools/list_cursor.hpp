#pragma once
// list_accounts' next_cursor: the API cursor of the page to resume from, how many rows of that page were already
// returned (a byte-budget cut can stop mid-page), and a fingerprint of the filters and sort it belongs to, so a
// cursor reused with other filters is caught before any request. Opaque to the model, and short because the model
// copies it back token by token: "<fingerprint>.<skip>.<api cursor verbatim>".
#include <cstddef>
#include <optional>
#include <string>

#include "client/client.hpp"

namespace ca::tools {

struct ListCursor {
  std::optional<std::string> api_cursor;  // none: the first page
  std::size_t skip = 0;                   // rows of that page already returned
  std::string fingerprint;
};

// A stable digest of every filter and the sort (absent order_direction counts as the API default, desc).
std::string filter_fingerprint(const api::AccountFilter& filter);

std::string encode_cursor(const ListCursor& cursor);
// nullopt when `text` is not a cursor this tool issued.
std::optional<ListCursor> decode_cursor(const std::string& text);

}  // namespace ca::tools

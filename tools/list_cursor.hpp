#pragma once
// The next_cursor of a list tool: the API cursor of the page to resume from, how many rows of that page were
// already returned (a byte-budget cut can stop mid-page), and a fingerprint of the listing (API path, filters and
// sort) it belongs to, so a cursor reused with other filters, or with another list tool, is caught before any
// request. Opaque to the model, and short because the model copies it back token by token:
// "<fingerprint>.<skip>.<api cursor verbatim>".
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

// A stable digest of the API path and every filter and sort parameter sent with it.
std::string list_fingerprint(const std::string& path, const api::Query& filters);

std::string encode_cursor(const ListCursor& cursor);
// nullopt when `text` is not a cursor a list tool issued.
std::optional<ListCursor> decode_cursor(const std::string& text);

}  // namespace ca::tools

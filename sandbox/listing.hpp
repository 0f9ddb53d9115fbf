#pragma once
// Cursor pagination shared by every list endpoint (reference §5, S7): limit/sort/include_total parsing, opaque
// keyset cursors bound to the filters + sort they were issued for, the `filters` echo and the RFC 8288 Link header.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/json_util.hpp"

namespace ca::sandbox {

using Params = std::multimap<std::string, std::string>;

constexpr int kDefaultPageLimit = 50;
constexpr int kMaxPageLimit = 200;

// Query-parameter readers; each throws a 422 Problem naming the parameter when the value is malformed.
std::optional<std::string> text_param(const Params& params, const std::string& name);
std::optional<bool> bool_param(const Params& params, const std::string& name);
int int_param(const Params& params, const std::string& name, int fallback, int lo, int hi);
std::optional<std::string> uuid_param(const Params& params, const std::string& name);

struct ListSpec {
  std::vector<std::string> order_fields;  // allowed order_by values
  std::string default_field;
  bool default_desc = true;
};

struct ListQuery {
  int limit = kDefaultPageLimit;
  std::string order_by;
  bool desc = true;
  bool include_total = false;
  ca::Json filters;                       // the echo: endpoint filters, then order_by and order_direction
  std::optional<ca::Json> after_key;      // from the cursor: resume strictly after (after_key, after_id)
  std::string after_id;
};

// `filters` holds the endpoint's own (already validated) filters; this adds sort and checks the cursor's binding.
ListQuery parse_list_query(const Params& params, const ListSpec& spec, ca::Json filters);

struct SortEntry {
  ca::Json key;  // value of the order_by field
  std::string id;  // tie-break, so the order is total and cursors are stable
  std::size_t index;  // into the endpoint's collection
};

struct Page {
  std::vector<std::size_t> indices;
  bool has_next = false;
  std::optional<std::string> next_cursor;
  std::size_t total = 0;  // all entries matching the filters
};

Page paginate(std::vector<SortEntry> entries, const ListQuery& query);

// { data, pagination: {has_next, limit, next_cursor, total_count?}, filters }, serialised. `items` is the data
// array's content (comma-separated JSON values), so list handlers can splice in cached item text.
std::string list_envelope(const std::string& items, const Page& page, const ListQuery& query);
void append_item(std::string& items, const std::string& item_json);

// `<url>; rel="first"` and, while more pages remain, `<url>; rel="next"`; `url_base` is absolute (origin + path).
std::string link_header(const std::string& url_base, const Params& params, const Page& page);

std::string percent_encode(const std::string& text);

}  // namespace ca::sandbox

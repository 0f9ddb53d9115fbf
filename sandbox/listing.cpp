#include "sandbox/listing.hpp"

#include <algorithm>
#include <cctype>

#include "sandbox/determinism.hpp"
#include "sandbox/problem.hpp"

namespace ca::sandbox {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url_encode(const std::string& in) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) out += kB64[(acc >> (bits -= 6)) & 0x3f];
  }
  if (bits > 0) out += kB64[(acc << (6 - bits)) & 0x3f];
  return out;
}

std::optional<std::string> base64url_decode(const std::string& in) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const char* p = std::find(kB64, kB64 + 64, c);
    if (p == kB64 + 64) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(p - kB64);
    bits += 6;
    if (bits >= 8) out += static_cast<char>((acc >> (bits -= 8)) & 0xff);
  }
  return out;
}

std::string binding_of(const ca::Json& filters) { return hex64(hash64(dump_compact(filters))); }

bool comes_after(const SortEntry& e, const ca::Json& key, const std::string& id, bool desc) {
  if (e.key != key) return desc ? e.key < key : key < e.key;
  return desc ? e.id < id : id < e.id;
}

}  // namespace

std::optional<std::string> text_param(const Params& params, const std::string& name) {
  const auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return it->second;
}

std::optional<bool> bool_param(const Params& params, const std::string& name) {
  const auto v = text_param(params, name);
  if (!v) return std::nullopt;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  throw Problem::validation(name, "must be a boolean (true or false)");
}

int int_param(const Params& params, const std::string& name, int fallback, int lo, int hi) {
  const auto v = text_param(params, name);
  if (!v) return fallback;
  const std::string range = "must be an integer between " + std::to_string(lo) + " and " + std::to_string(hi);
  const bool digits = !v->empty() && v->size() <= 9 &&
                      std::all_of(v->begin() + (v->front() == '-' ? 1 : 0), v->end(),
                                  [](char c) { return c >= '0' && c <= '9'; }) &&
                      *v != "-";
  if (!digits) throw Problem::validation(name, range);
  const int n = std::stoi(*v);
  if (n < lo || n > hi) throw Problem::validation(name, range);
  return n;
}

std::optional<std::string> uuid_param(const Params& params, const std::string& name) {
  const auto v = text_param(params, name);
  if (v && !is_uuid(*v)) throw Problem::validation(name, "must be a UUID");
  return v;
}

ListQuery parse_list_query(const Params& params, const ListSpec& spec, ca::Json filters) {
  ListQuery q;
  q.limit = int_param(params, "limit", kDefaultPageLimit, 1, kMaxPageLimit);
  q.include_total = bool_param(params, "include_total").value_or(false);
  q.order_by = spec.default_field;
  q.desc = spec.default_desc;
  const auto allowed = [&](const std::string& f) {
    return std::find(spec.order_fields.begin(), spec.order_fields.end(), f) != spec.order_fields.end();
  };
  std::string fields;
  for (const auto& f : spec.order_fields) fields += (fields.empty() ? "" : ", ") + f;
  if (const auto order_by = text_param(params, "order_by")) {  // order_by wins over the legacy sort
    if (!allowed(*order_by)) throw Problem::validation("order_by", "must be one of: " + fields);
    q.order_by = *order_by;
    q.desc = spec.default_desc;
    if (const auto dir = text_param(params, "order_direction")) {
      if (*dir != "asc" && *dir != "desc") throw Problem::validation("order_direction", "must be one of: asc, desc");
      q.desc = *dir == "desc";
    }
  } else if (const auto sort = text_param(params, "sort")) {
    const bool desc = !sort->empty() && sort->front() == '-';
    const std::string field = desc ? sort->substr(1) : *sort;
    if (!allowed(field)) throw Problem::validation("sort", "must be one of: " + fields + " (prefix - for descending)");
    q.order_by = field;
    q.desc = desc;
  } else if (const auto dir = text_param(params, "order_direction")) {
    if (*dir != "asc" && *dir != "desc") throw Problem::validation("order_direction", "must be one of: asc, desc");
    q.desc = *dir == "desc";
  }
  filters["order_by"] = q.order_by;
  filters["order_direction"] = q.desc ? "desc" : "asc";
  q.filters = std::move(filters);

  if (const auto cursor = text_param(params, "cursor")) {
    const auto raw = base64url_decode(*cursor);
    const auto payload = raw ? ca::Json::parse(*raw, nullptr, false) : ca::Json();
    if (!payload.is_object() || !payload.contains("b") || !payload.contains("k") || !payload["i"].is_string())
      throw Problem::validation("cursor", "is not a valid cursor");
    if (payload["b"] != binding_of(q.filters))
      throw Problem::validation("cursor", "was issued for different filters or sort");
    q.after_key = payload["k"];
    q.after_id = payload["i"].get<std::string>();
  }
  return q;
}

Page paginate(std::vector<SortEntry> entries, const ListQuery& query) {
  std::sort(entries.begin(), entries.end(), [&](const SortEntry& a, const SortEntry& b) {
    return comes_after(b, a.key, a.id, query.desc);
  });
  Page page;
  page.total = entries.size();
  auto it = entries.begin();
  if (query.after_key) {
    it = std::find_if(entries.begin(), entries.end(),
                      [&](const SortEntry& e) { return comes_after(e, *query.after_key, query.after_id, query.desc); });
  }
  const auto remaining = static_cast<std::size_t>(entries.end() - it);
  const auto take = std::min<std::size_t>(remaining, static_cast<std::size_t>(query.limit));
  for (std::size_t i = 0; i < take; ++i) page.indices.push_back(it[static_cast<std::ptrdiff_t>(i)].index);
  page.has_next = remaining > take;
  if (page.has_next) {
    const SortEntry& last = it[static_cast<std::ptrdiff_t>(take) - 1];
    page.next_cursor =
        base64url_encode(dump_compact({{"b", binding_of(query.filters)}, {"k", last.key}, {"i", last.id}}));
  }
  return page;
}

std::string list_envelope(const std::string& items, const Page& page, const ListQuery& query) {
  ca::Json pagination = {{"has_next", page.has_next},
                         {"limit", query.limit},
                         {"next_cursor", page.next_cursor ? ca::Json(*page.next_cursor) : ca::Json(nullptr)}};
  if (query.include_total) pagination["total_count"] = page.total;
  std::string out;
  out.reserve(items.size() + 512);
  out.append("{\"data\":[").append(items).append("],\"pagination\":").append(dump_compact(pagination));
  out.append(",\"filters\":").append(dump_compact(query.filters)).append("}");
  return out;
}

void append_item(std::string& items, const std::string& item_json) {
  if (!items.empty()) items.push_back(',');
  items.append(item_json);
}

std::string percent_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

std::string link_header(const std::string& url_base, const Params& params, const Page& page) {
  std::string query;
  for (const auto& [key, value] : params) {
    if (key == "cursor") continue;
    query.append(query.empty() ? "?" : "&").append(percent_encode(key)).append("=").append(percent_encode(value));
  }
  // Built by appends: GCC 12 -O2 misreports "lit" + string chains here (-Wstringop-overflow).
  std::string link;
  link.append("<").append(url_base).append(query).append(">; rel=\"first\"");
  if (page.next_cursor) {
    link.append(", <").append(url_base).append(query).append(query.empty() ? "?" : "&");
    link.append("cursor=").append(*page.next_cursor).append(">; rel=\"next\"");
  }
  return link;
}

}  // namespace ca::sandbox

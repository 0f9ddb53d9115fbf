#include "client/projected_parse.hpp"

#include <simdjson.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace ca::api {
namespace detail {
namespace {

namespace dom = simdjson::dom;

// A worker keeps its parser's buffers between calls (about 14 bytes per body byte: tape, structural index, string
// buffer); a body larger than this gets a parser of its own, freed after it, so that one huge response does not stay
// resident in every worker.
constexpr std::size_t kReusedParserMaxBytes = 256u << 10;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// Objects that can end with more members than this find duplicate names through an index instead of a scan
// (nlohmann's ordered_map scans, which is quadratic in a hostile object's size).
constexpr std::size_t kScanMembersMax = 32;

class Converter {
 public:
  // `escapes`: the body holds a \u escape. simdjson has checked the body's bytes as UTF-8 and refuses unpaired
  // surrogate escapes itself, so unescaped strings are well-formed; they are checked again when an escape could have
  // made one, as a safeguard against a simdjson that decodes escapes differently.
  Converter(const std::vector<std::string>* item_fields, bool escapes)
      : item_fields_(item_fields), check_utf8_(escapes) {}

  // False when a string is not well-formed UTF-8 after unescaping; the caller then falls back.
  bool root(dom::element element, Json& out) {
    if (element.type() != dom::element_type::OBJECT) return value(element, out);
    return object(element, out, nullptr, true);
  }

 private:
  // `item_keep`: the members kept of each object item (the root's "data" list), or nullptr for all.
  bool array(dom::element element, Json& out, const std::vector<std::string>* item_keep) {
    out = Json::array();
    auto& items = out.get_ref<Json::array_t&>();
    const dom::array elements(element);
    items.reserve(elements.size());  // a count simdjson keeps (no walk); bounded by the body's size
    for (dom::element item : elements) {
      Json converted;
      const bool projected = item_keep && item.type() == dom::element_type::OBJECT;
      if (!(projected ? object(item, converted, item_keep) : value(item, converted))) return false;
      items.push_back(std::move(converted));
    }
    return true;
  }

  bool value(dom::element element, Json& out) {
    switch (element.type()) {
      case dom::element_type::OBJECT:
        return object(element, out, nullptr);
      case dom::element_type::ARRAY:
        return array(element, out, nullptr);
      case dom::element_type::INT64: {
        // nlohmann stores an integer written without a minus sign as unsigned; so does this. (`-0` is the one
        // difference: nlohmann keeps it signed, this makes it unsigned; both are 0, compare equal and print "0".)
        const std::int64_t n = element.get_int64().value_unsafe();
        out = n >= 0 ? Json(static_cast<std::uint64_t>(n)) : Json(n);
        return true;
      }
      case dom::element_type::UINT64:
        out = element.get_uint64().value_unsafe();
        return true;
      case dom::element_type::DOUBLE:
        out = element.get_double().value_unsafe();
        return true;
      case dom::element_type::STRING: {
        const std::string_view text = element.get_string().value_unsafe();
        if (check_utf8_ && !simdjson::validate_utf8(text)) return false;
        out = std::string(text);
        return true;
      }
      case dom::element_type::BOOL:
        out = element.get_bool().value_unsafe();
        return true;
      case dom::element_type::NULL_VALUE:
        out = nullptr;
        return true;
    }
    return false;
  }

  // `keep`: the member names to keep, or nullptr for all. `root`: a "data" array member is a list of items.
  bool object(dom::element element, Json& out, const std::vector<std::string>* keep, bool root = false) {
    out = Json::object();
    const dom::object members(element);
    // Growing the ordered map one member at a time copied every member (deeply) at each doubling: most of this
    // function's cost before. The count is simdjson's (no walk) and bounded by the body's size.
    const std::size_t most = keep ? std::min(keep->size(), members.size()) : members.size();
    out.get_ref<Json::object_t&>().reserve(most);
    // A projected item keeps at most its few kept names, so a scan of what it kept finds a repeat cheaply; an index
    // there cost a bucket array and a node per kept member, for every item.
    std::unordered_map<std::string_view, std::size_t> index;
    auto* by_name = most > kScanMembersMax ? &index : nullptr;
    for (dom::key_value_pair member : members) {
      if (keep && std::find(keep->begin(), keep->end(), member.key) == keep->end()) continue;
      Json converted;
      const bool items = root && item_fields_ && member.key == "data" &&
                         member.value.type() == dom::element_type::ARRAY;
      if (!(items ? array(member.value, converted, item_fields_) : value(member.value, converted))) return false;
      if (!put(out, member.key, std::move(converted), by_name)) return false;
    }
    return true;
  }

  // Adds or replaces a member: a repeated name keeps its first position and takes the last value.
  bool put(Json& object, std::string_view key, Json value, std::unordered_map<std::string_view, std::size_t>* by_name) {
    if (check_utf8_ && !simdjson::validate_utf8(key)) return false;
    auto& members = object.get_ref<Json::object_t&>();
    if (by_name) {
      auto [at, added] = by_name->emplace(key, members.size());
      if (!added) {
        (members.begin() + static_cast<std::ptrdiff_t>(at->second))->second = std::move(value);
        return true;
      }
    } else {
      for (auto& existing : members) {
        if (existing.first == key) {
          existing.second = std::move(value);
          return true;
        }
      }
    }
    members.Container::emplace_back(std::string(key), std::move(value));
    return true;
  }

  const std::vector<std::string>* item_fields_;
  const bool check_utf8_;
};

}  // namespace

std::optional<Json> parse_with_simdjson(const std::string& body, const ItemFields& item_fields) {
  thread_local dom::parser reused;
  std::optional<dom::parser> one_off;
  dom::parser& parser = body.size() <= kReusedParserMaxBytes ? reused : one_off.emplace();
  dom::element root;
  // nlohmann skips a leading byte order mark; simdjson refuses it.
  const bool bom = std::string_view(body).starts_with(kByteOrderMark);
  // The std::string overload copies the body only when its spare capacity is short of simdjson's padding.
  const auto parsed = bom ? parser.parse(body.data() + kByteOrderMark.size(), body.size() - kByteOrderMark.size())
                          : parser.parse(body);
  if (parsed.get(root) != simdjson::SUCCESS) return std::nullopt;
  const std::vector<std::string>* fields = item_fields && !item_fields->empty() ? item_fields.get() : nullptr;
  Json out;
  if (!Converter(fields, body.find("\\u") != std::string::npos).root(root, out)) return std::nullopt;
  return out;
}

Json parse_with_nlohmann(const std::string& body, const ItemFields& item_fields) {
  if (!item_fields || item_fields->empty()) return Json::parse(body, nullptr, false);
  // Callback depths (nlohmann): the root object's keys are at depth 1, the "data" array's objects start at
  // depth 2, and their keys are at depth 3.
  bool data_key = false, in_data_array = false;
  const auto keep = [&](int depth, Json::parse_event_t event, Json& parsed) {
    if (depth == 1 && event == Json::parse_event_t::array_start) in_data_array = data_key;
    if (event != Json::parse_event_t::key) return true;
    if (depth == 1) {
      data_key = parsed.is_string() && parsed.get_ref<const std::string&>() == "data";
      in_data_array = false;
      return true;
    }
    if (depth != 3 || !in_data_array) return true;
    const auto& name = parsed.get_ref<const std::string&>();
    return std::find(item_fields->begin(), item_fields->end(), name) != item_fields->end();
  };
  return Json::parse(body, keep, false);
}

}  // namespace detail

Json parse_upstream_body(const std::string& body, const ItemFields& item_fields) {
  if (auto fast = detail::parse_with_simdjson(body, item_fields)) return std::move(*fast);
  if (body.size() > detail::kFallbackMaxBytes) return Json(Json::value_t::discarded);
  return detail::parse_with_nlohmann(body, item_fields);
}

}  // namespace ca::api

#include "sandbox/garbage_body.hpp"

#include <cstdint>
#include <limits>

#include "common/json_util.hpp"

namespace ca::sandbox {
namespace {

// What a misconfigured proxy or an error page behind a 200 looks like; still labelled application/json.
constexpr const char* kNotJson =
    "<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>\n";

void numbers_to_strings(ca::Json& v) {
  if (v.is_number()) {
    v = v.dump();
  } else if (v.is_structured()) {
    for (auto& child : v) numbers_to_strings(child);
  }
}

void scalars_to_null(ca::Json& v) {
  if (v.is_structured()) {
    for (auto& child : v) scalars_to_null(child);
  } else {
    v = nullptr;
  }
}

// Negative and out-of-range counts in turn: -1, INT64_MIN, UINT64_MAX (past int64) and 1e300 (past any integer).
void extreme_numbers(ca::Json& v, std::size_t& turn) {
  if (v.is_number()) {
    switch (turn++ % 4) {
      case 0: v = -1; break;
      case 1: v = std::numeric_limits<std::int64_t>::min(); break;
      case 2: v = std::numeric_limits<std::uint64_t>::max(); break;
      default: v = 1e300; break;
    }
  } else if (v.is_structured()) {
    for (auto& child : v) extreme_numbers(child, turn);
  }
}

// Every object loses the members at odd positions (the second, fourth, …), so `id` stays and `type` goes.
void drop_every_other_member(ca::Json& v) {
  if (v.is_object()) {
    ca::Json kept = ca::Json::object();
    std::size_t i = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++i)
      if (i % 2 == 0) kept[it.key()] = std::move(it.value());
    v = std::move(kept);
  }
  if (v.is_structured())
    for (auto& child : v) drop_every_other_member(child);
}

// An array becomes an object keyed "0", "1", …; an object becomes the array of its values.
ca::Json swapped_container(const ca::Json& v) {
  if (v.is_array()) {
    ca::Json out = ca::Json::object();
    for (std::size_t i = 0; i < v.size(); ++i) out[std::to_string(i)] = v[i];
    return out;
  }
  if (v.is_object()) {
    ca::Json out = ca::Json::array();
    for (const auto& child : v) out.push_back(child);
    return out;
  }
  return ca::Json::array({v});
}

}  // namespace

std::string garbage_body(GarbageBody kind, const std::string& body) {
  if (kind == GarbageBody::NotJson) return kNotJson;
  ca::Json doc = ca::Json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return body;
  ca::Json& data = doc.contains("data") ? doc["data"] : doc;
  switch (kind) {
    case GarbageBody::DataString: data = dump_compact(data); break;
    case GarbageBody::NumbersAsStrings: numbers_to_strings(doc); break;
    case GarbageBody::Nulls: scalars_to_null(data); break;
    case GarbageBody::ExtremeNumbers: {
      std::size_t turn = 0;
      extreme_numbers(doc, turn);
      break;
    }
    case GarbageBody::MissingFields: drop_every_other_member(data); break;
    case GarbageBody::WrongContainers: data = swapped_container(data); break;
    case GarbageBody::NotJson:
    case GarbageBody::Any: break;
  }
  return dump_compact(doc);
}

}  // namespace ca::sandbox

#include "schemas/schemas.hpp"

#include <map>
#include <stdexcept>

namespace ca::schemas {
namespace {

using Parsed = std::map<std::string, Json, std::less<>>;

Json expand_includes(const Json& value, const Parsed& raw, int depth) {
  // Fragments may include fragments; the bound turns an include cycle into an error instead of a hang.
  if (depth > 8) throw std::runtime_error("schemas: $include nested too deeply");
  if (value.is_object()) {
    if (value.size() == 1 && value.contains("$include")) {
      const auto name = value["$include"].get<std::string>();
      const auto it = raw.find(name);
      if (it == raw.end()) throw std::out_of_range("schemas: unknown $include " + name);
      return expand_includes(it->second, raw, depth + 1);
    }
    // Sized up front: an ordered_json object that grows copies every member it holds (deeply), which made this
    // expansion most of the server's start-up work.
    Json out = object_with_capacity(value.size());
    for (const auto& [key, child] : value.get_ref<const Json::object_t&>()) {
      out.get_ref<Json::object_t&>().emplace_back(key, expand_includes(child, raw, depth));
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    out.get_ref<Json::array_t&>().reserve(value.size());
    for (const auto& child : value) out.push_back(expand_includes(child, raw, depth));
    return out;
  }
  return value;
}

const Parsed& parsed() {
  static const Parsed all = [] {
    Parsed raw;
    for (const auto& entry : detail::embedded()) raw.emplace(entry.name, Json::parse(entry.text));
    Parsed expanded;
    for (const auto& [name, schema] : raw) expanded.emplace(name, expand_includes(schema, raw, 0));
    return expanded;
  }();
  return all;
}

}  // namespace

const Json& get(std::string_view name) {
  const auto& all = parsed();
  const auto it = all.find(name);
  if (it == all.end()) throw std::out_of_range("schemas: no schema named " + std::string(name));
  return it->second;
}

std::vector<std::string> names() {
  std::vector<std::string> out;
  for (const auto& [name, schema] : parsed()) out.push_back(name);
  return out;
}

}  // namespace ca::schemas

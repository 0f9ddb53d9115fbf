#pragma once
// Lenient readers for API JSON: a missing member, a null, or a value of another type reads as "absent", never
// as an exception. Unknown members are simply never looked at.
#include <optional>
#include <string>

#include "common/json_util.hpp"

namespace ca::api {

inline const Json* member(const Json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return (it == object.end() || it->is_null()) ? nullptr : &*it;
}

inline std::string string_member(const Json& object, const char* name) {
  const Json* v = member(object, name);
  return (v && v->is_string()) ? v->get<std::string>() : std::string();
}

inline std::optional<std::string> optional_string_member(const Json& object, const char* name) {
  const Json* v = member(object, name);
  if (v && v->is_string()) return v->get<std::string>();
  return std::nullopt;
}

inline bool bool_member(const Json& object, const char* name, bool fallback = false) {
  const Json* v = member(object, name);
  return (v && v->is_boolean()) ? v->get<bool>() : fallback;
}

inline std::optional<long> long_member(const Json& object, const char* name) {
  const Json* v = member(object, name);
  if (v && v->is_number_integer()) return v->get<long>();
  return std::nullopt;
}

}  // namespace ca::api

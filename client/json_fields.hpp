#pragma once
// Lenient readers for API JSON: a missing member, a null, or a value of another type reads as "absent", never
// as an exception. Unknown members are simply never looked at.
#include <optional>
#include <string>
#include <string_view>

#include "common/json_util.hpp"

namespace ca::api {

// A scan that compares lengths first: Json::find with a C string measures the name again for every member it
// passes, and views read about a dozen members of each row.
inline const Json* member(const Json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  for (const auto& [key, value] : object.get_ref<const Json::object_t&>()) {
    if (key == name) return value.is_null() ? nullptr : &value;
  }
  return nullptr;
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

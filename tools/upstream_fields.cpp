#include "tools/upstream_fields.hpp"

#include <cmath>

#include "client/client.hpp"
#include "client/json_fields.hpp"
#include "tools/sanitize.hpp"
#include "tools/schema_validator.hpp"

namespace ca::tools {

std::optional<std::int64_t> count_value(const Json& value) {
  if (value.is_number_unsigned()) {
    const auto n = value.get<std::uint64_t>();
    if (n <= static_cast<std::uint64_t>(kMaxCount)) return static_cast<std::int64_t>(n);
    return std::nullopt;
  }
  if (value.is_number_integer()) {
    const auto n = value.get<std::int64_t>();
    if (n >= 0 && n <= kMaxCount) return n;
    return std::nullopt;
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    // Compared as doubles before any conversion, so NaN, infinities and huge values never reach a cast.
    if (std::isfinite(d) && d >= 0 && d <= static_cast<double>(kMaxCount) && std::floor(d) == d) {
      return static_cast<std::int64_t>(d);
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> count_field(const Json& object, const char* key) {
  const Json* value = api::member(object, key);
  return value ? count_value(*value) : std::nullopt;
}

const Json* object_field(const Json& object, const char* key) {
  const Json* value = api::member(object, key);
  return value && value->is_object() ? value : nullptr;
}

std::optional<Json> metadata_field(const Json& object, const char* key) {
  const Json* value = object_field(object, key);
  if (!value || value->empty()) return std::nullopt;
  Json sanitized = sanitize_strings(*value);
  if (dump_compact(sanitized).size() > kMaxMetadataBytes) return std::nullopt;
  return sanitized;
}

const Json* array_field(const Json& object, const char* key) {
  const Json* value = api::member(object, key);
  return value && value->is_array() ? value : nullptr;
}

std::optional<std::string> text_field(const Json& object, const char* key) {
  const Json* value = api::member(object, key);
  if (!value || !value->is_string()) return std::nullopt;
  std::string text = sanitize_text(value->get_ref<const std::string&>());
  if (text.empty()) return std::nullopt;
  return text;
}

std::optional<bool> bool_field(const Json& object, const char* key) {
  const Json* value = api::member(object, key);
  if (!value || !value->is_boolean()) return std::nullopt;
  return value->get<bool>();
}

std::optional<std::string> uuid_field(const Json& object, const char* key) {
  const Json* value = api::member(object, key);
  if (!value || !value->is_string() || !api::is_uuid(value->get_ref<const std::string&>())) return std::nullopt;
  return value->get<std::string>();
}

std::optional<std::string> date_field(const Json& object, const char* key) {
  const Json* value = api::member(object, key);
  if (!value || !value->is_string() || !is_calendar_date(value->get_ref<const std::string&>())) return std::nullopt;
  return value->get<std::string>();
}

std::optional<std::string> enum_field(const Json& object, const char* key, const Json& allowed) {
  const Json* value = api::member(object, key);
  if (!value || !value->is_string() || !allowed.is_array()) return std::nullopt;
  for (const auto& option : allowed) {
    if (option == *value) return value->get<std::string>();
  }
  return std::nullopt;
}

void put_window(Json& output, const Json* meta, const Json& periods, const std::string& asked_period) {
  output["period"] = meta ? enum_field(*meta, "period", periods).value_or(asked_period) : asked_period;
  if (!meta) return;
  if (const auto start = date_field(*meta, "start_date")) output["start_date"] = *start;
  if (const auto end = date_field(*meta, "end_date")) output["end_date"] = *end;
}

std::optional<Json> typed_field(const Json& object, const char* key, const Json& property) {
  const std::string type = property.value("type", "");
  if (type == "string") {
    const auto text = property.value("format", "") == "uuid" ? uuid_field(object, key) : text_field(object, key);
    return text ? std::optional<Json>(*text) : std::nullopt;
  }
  if (type == "integer") {
    const auto count = count_field(object, key);
    return count ? std::optional<Json>(*count) : std::nullopt;
  }
  if (type == "number") {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number()) return std::nullopt;
    const double d = it->get<double>();
    if (!std::isfinite(d) || d < 0 || d > static_cast<double>(kMaxCount)) return std::nullopt;
    return Json(d);
  }
  if (type == "boolean") {
    const auto flag = bool_field(object, key);
    return flag ? std::optional<Json>(*flag) : std::nullopt;
  }
  if (type == "object") return metadata_field(object, key);
  return std::nullopt;
}

}  // namespace ca::tools

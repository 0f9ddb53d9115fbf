#include "tools/schema_validator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <regex>
#include <span>

#include "client/client.hpp"
#include "common/utf8.hpp"

namespace ca::tools {
namespace {

constexpr std::size_t kMaxShownValueChars = 80;  // "got ..." is a hint, not a copy of the input

std::string shown(const Json& value) {
  std::string text = dump_compact(value);
  if (text.size() > kMaxShownValueChars) text = text.substr(0, kMaxShownValueChars) + "...";
  return text;
}

// Numbers print without a trailing ".0" when integral, so "from 1 to 1000" reads naturally.
std::string number_text(const Json& n) { return dump_compact(n); }

bool is_integer_value(const Json& v) {
  if (v.is_number_integer()) return true;
  if (!v.is_number_float()) return false;
  const double d = v.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

bool matches_type(const Json& v, std::string_view type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "integer") return is_integer_value(v);
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  return true;  // unknown type names are not checked
}

std::string type_phrase(const std::string& type) {
  if (type == "object") return "an object";
  if (type == "array") return "an array";
  if (type == "integer") return "an integer";
  if (type == "boolean") return "a boolean (true or false)";
  if (type == "null") return "null";
  return "a " + type;
}

// Argument checks speak to the model about "arguments" and give examples; result checks name a "result field" for
// the log.
struct Wording {
  const char* noun;    // "argument" | "result field"
  const char* plural;  // "arguments" | "result"
  bool examples;
};
constexpr Wording kArguments{"argument", "arguments", true};
constexpr Wording kResult{"result field", "result", false};

std::optional<Json> synthesised_example(const Json& schema);

std::optional<Json> example_for(const Json& schema) {
  if (!schema.is_object()) return std::nullopt;
  if (auto it = schema.find("examples"); it != schema.end() && it->is_array() && !it->empty()) return it->front();
  return synthesised_example(schema);
}

std::optional<Json> number_example(const Json& schema, bool integer) {
  const auto min = schema.find("minimum");
  const auto max = schema.find("maximum");
  if (min != schema.end() && min->is_number()) return *min;
  Json fallback = integer ? Json(1) : Json(1.0);
  if (max != schema.end() && max->is_number() && max->get<double>() < 1) return *max;
  return fallback;
}

std::optional<Json> synthesised_example(const Json& schema) {
  if (auto it = schema.find("enum"); it != schema.end() && it->is_array() && !it->empty()) return it->front();
  std::string type;
  if (auto it = schema.find("type"); it != schema.end()) {
    if (it->is_string()) type = it->get<std::string>();
    if (it->is_array() && !it->empty() && it->front().is_string()) type = it->front().get<std::string>();
  }
  if (type == "integer") return number_example(schema, true);
  if (type == "number") return number_example(schema, false);
  if (type == "boolean") return Json(true);
  if (type == "string") {
    const std::string format = schema.value("format", "");
    if (format == "date") return Json("2024-01-31");
    if (format == "uuid") return Json("123e4567-e89b-12d3-a456-426614174000");
    if (schema.contains("pattern")) return std::nullopt;
    const std::size_t length = schema.value("minLength", std::size_t{1});
    return Json(std::string(std::max<std::size_t>(length, 1), 'x'));
  }
  if (type == "array") {
    auto item = example_for(schema.value("items", Json::object()));
    if (!item) return std::nullopt;
    const std::size_t count = std::max<std::size_t>(schema.value("minItems", std::size_t{1}), 1);
    return Json(Json::array_t(count, *item));
  }
  if (type == "object") {
    Json object = Json::object();
    const Json properties = schema.value("properties", Json::object());
    for (const auto& name : schema.value("required", Json::array())) {
      if (!name.is_string() || !properties.contains(name.get<std::string>())) continue;
      auto value = example_for(properties[name.get<std::string>()]);
      if (!value) return std::nullopt;
      object[name.get<std::string>()] = *value;
    }
    return object;
  }
  return std::nullopt;
}

// Where a value sits, as a chain of steps on the stack: the text ("items[3].id") is built only for a message, so
// checking a valid result (every result, on every call) allocates nothing for paths.
class Path {
 public:
  Path() = default;
  Path(const Path& parent, std::string_view key) : parent_(&parent), key_(key) {}
  Path(const Path& parent, std::size_t index) : parent_(&parent), index_(index) {}

  std::string text() const {
    if (!parent_) return {};
    std::string out = parent_->text();
    if (index_) return out + "[" + std::to_string(*index_) + "]";
    return (out.empty() ? out : out + ".") + std::string(key_);
  }

 private:
  const Path* parent_ = nullptr;
  std::string_view key_;
  std::optional<std::size_t> index_;
};

// The keywords of one schema object that the checks read, found in one pass over its members. Looking each up by
// name (a scan with a string compare per member) for every value checked was most of the cost of checking a
// result, which happens on every call.
struct Keywords {
  const Json* ref = nullptr;
  const Json* type = nullptr;
  const Json* enumeration = nullptr;
  const Json* minimum = nullptr;
  const Json* maximum = nullptr;
  const Json* min_length = nullptr;
  const Json* max_length = nullptr;
  const Json* format = nullptr;
  const Json* pattern = nullptr;
  const Json* min_items = nullptr;
  const Json* max_items = nullptr;
  const Json* unique_items = nullptr;
  const Json* items = nullptr;
  const Json* properties = nullptr;
  const Json* required = nullptr;
  const Json* additional = nullptr;
};

Keywords read_keywords(const Json& schema) {
  static constexpr std::pair<std::string_view, const Json* Keywords::*> kSlots[] = {
      {"$ref", &Keywords::ref},
      {"type", &Keywords::type},
      {"enum", &Keywords::enumeration},
      {"minimum", &Keywords::minimum},
      {"maximum", &Keywords::maximum},
      {"minLength", &Keywords::min_length},
      {"maxLength", &Keywords::max_length},
      {"format", &Keywords::format},
      {"pattern", &Keywords::pattern},
      {"minItems", &Keywords::min_items},
      {"maxItems", &Keywords::max_items},
      {"uniqueItems", &Keywords::unique_items},
      {"items", &Keywords::items},
      {"properties", &Keywords::properties},
      {"required", &Keywords::required},
      {"additionalProperties", &Keywords::additional}};
  Keywords keywords;
  for (const auto& [name, value] : schema.get_ref<const Json::object_t&>()) {
    for (const auto& [keyword, slot] : kSlots) {
      if (name == keyword) {
        keywords.*slot = &value;
        break;
      }
    }
  }
  return keywords;
}

// What schema.value(key, fallback) gives for a count keyword (and throws alike on a non-number).
std::size_t count_or(const Json* keyword, std::size_t fallback) {
  return keyword ? keyword->get<std::size_t>() : fallback;
}

class Validator {
 public:
  Validator(const Wording& wording, const Json& root) : wording_(wording), root_(root) {}

  std::optional<std::string> check(const Json& value, const Json& schema_or_ref, const Path& path) {
    if (!schema_or_ref.is_object()) return std::nullopt;
    const Schema found = schema_for(schema_or_ref);
    if (found.schema == nullptr) return std::nullopt;
    const Json& schema = *found.schema;
    const Keywords& k = found.keywords;
    if (auto failure = check_type(value, schema, k, path)) return failure;
    if (auto failure = check_enum(value, schema, k, path)) return failure;
    if (value.is_number()) return check_number(value, schema, k, path);
    if (value.is_string()) return check_string(value, schema, k, path);
    if (value.is_array()) return check_array(value, schema, k, path);
    if (value.is_object()) return check_object(value, k, path);
    return std::nullopt;
  }

 private:
  std::string invalid(const Path& at, const std::string& rule, const Json& value, const Json& schema) const {
    const std::string path = at.text();
    std::string message = path.empty() ? std::string("Invalid ") + wording_.plural + ": "
                                       : std::string("Invalid ") + wording_.noun + " `" + path + "`: ";
    message += rule + " (got " + shown(value) + ").";
    if (!wording_.examples) return message;
    if (auto example = example_for(schema)) message += " Example: " + shown(*example) + ".";
    return message;
  }

  std::optional<std::string> check_type(const Json& value, const Json& schema, const Keywords& k, const Path& path) {
    const Json* it = k.type;
    if (!it) return std::nullopt;
    // "type" is a name or a list of names; non-string entries are ignored, and no names at all constrain nothing.
    const auto names = it->is_array() ? std::span<const Json>(it->get_ref<const Json::array_t&>())
                                      : std::span<const Json>(&*it, 1);
    bool any = false;
    for (const auto& type : names) {
      if (!type.is_string()) continue;
      any = true;
      if (matches_type(value, type.get_ref<const std::string&>())) return std::nullopt;
    }
    if (!any) return std::nullopt;
    std::string phrase;
    for (const auto& type : names) {
      if (type.is_string()) phrase += (phrase.empty() ? "" : " or ") + type_phrase(type.get_ref<const std::string&>());
    }
    return invalid(path, "must be " + phrase, value, schema);
  }

  std::optional<std::string> check_enum(const Json& value, const Json& schema, const Keywords& k, const Path& path) {
    const Json* it = k.enumeration;
    if (!it || !it->is_array()) return std::nullopt;
    if (std::find(it->begin(), it->end(), value) != it->end()) return std::nullopt;
    std::string choices;
    for (const auto& option : *it) choices += (choices.empty() ? "" : ", ") + dump_compact(option);
    return invalid(path, "must be one of " + choices, value, schema);
  }

  std::optional<std::string> check_number(const Json& value, const Json& schema, const Keywords& k, const Path& path) {
    const Json* min = k.minimum;
    const Json* max = k.maximum;
    const bool has_min = min && min->is_number();
    const bool has_max = max && max->is_number();
    const double v = value.get<double>();
    if ((!has_min || v >= min->get<double>()) && (!has_max || v <= max->get<double>())) return std::nullopt;
    const bool integer = schema.value("type", "") == "integer";
    std::string rule = integer ? "must be an integer " : "must be a number ";
    if (has_min && has_max) {
      rule += "from " + number_text(*min) + " to " + number_text(*max);
    } else if (has_min) {
      rule += "of at least " + number_text(*min);
    } else {
      rule += "of at most " + number_text(*max);
    }
    return invalid(path, rule, value, schema);
  }

  // minLength/maxLength and minItems/maxItems: the broken rule, e.g. "must be a string of 2 to 5 characters, but
  // it has 1", or nullopt when `count` is within the bounds.
  static std::optional<std::string> count_rule(const Json* min_keyword, const Json* max_keyword, std::size_t count,
                                               const char* what, const char* unit) {
    const auto min = count_or(min_keyword, 0);
    const auto max = count_or(max_keyword, std::numeric_limits<std::size_t>::max());
    if (count >= min && count <= max) return std::nullopt;
    std::string rule = what;
    if (min_keyword && max_keyword) {
      rule += std::to_string(min) + " to " + std::to_string(max);
    } else if (min_keyword) {
      rule += "at least " + std::to_string(min);
    } else {
      rule += "at most " + std::to_string(max);
    }
    return rule + unit + ", but it has " + std::to_string(count);
  }

  std::optional<std::string> check_string(const Json& value, const Json& schema, const Keywords& k,
                                          const Path& path) const {
    const auto& s = value.get_ref<const std::string&>();
    const bool counted = k.min_length || k.max_length;
    if (auto rule = counted ? count_rule(k.min_length, k.max_length, utf8_length(s), "must be a string of ",
                                         " characters")
                            : std::nullopt) {
      return invalid(path, *rule, value, schema);
    }
    const std::string_view format = k.format && k.format->is_string()
                                        ? std::string_view(k.format->get_ref<const std::string&>())
                                        : std::string_view();
    if (format == "date" && !is_calendar_date(s)) {
      return invalid(path, "must be a calendar date in YYYY-MM-DD format", value, schema);
    }
    if (format == "uuid" && !api::is_uuid(s)) {
      return invalid(path, "must be a UUID like 123e4567-e89b-12d3-a456-426614174000", value, schema);
    }
    if (k.pattern && k.pattern->is_string()) {
      const auto& pattern = k.pattern->get_ref<const std::string&>();
      if (!std::regex_search(s, regex(pattern))) {
        return invalid(path, "must match the pattern " + pattern, value, schema);
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> check_array(const Json& value, const Json& schema, const Keywords& k, const Path& at) {
    if (auto rule = count_rule(k.min_items, k.max_items, value.size(), "must be an array of ", " items")) {
      return invalid(at, *rule, value, schema);
    }
    const Json* items = k.items;
    const bool unique = k.unique_items && k.unique_items->get<bool>();
    for (std::size_t i = 0; i < value.size(); ++i) {
      const Path item_path(at, i);
      if (unique) {
        for (std::size_t j = 0; j < i; ++j) {
          if (value[j] == value[i]) {
            const std::string path = at.text();
            return std::string("Invalid ") + wording_.noun + " `" + path + "`: items must be unique, but `" +
                   item_path.text() + "` repeats `" + path + "[" + std::to_string(j) + "]` (" + shown(value[i]) +
                   ").";
          }
        }
      }
      if (items) {
        if (auto failure = check(value[i], *items, item_path)) return failure;
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> check_object(const Json& value, const Keywords& k, const Path& path) {
    static const Json no_properties = Json::object();
    const Json& properties = k.properties && k.properties->is_object() ? *k.properties : no_properties;
    if (const Json* required = k.required; required && required->is_array()) {
      for (const auto& name : *required) {
        if (!name.is_string() || value.contains(name.get_ref<const std::string&>())) continue;
        const std::string& key = name.get_ref<const std::string&>();
        std::string message =
            std::string("Missing required ") + wording_.noun + " `" + Path(path, key).text() + "`.";
        if (wording_.examples && properties.contains(key)) {
          if (auto example = example_for(properties.at(key))) message += " Example: " + shown(*example) + ".";
        }
        return message;
      }
    }
    const Json* additional = k.additional;
    const bool closed = additional && additional->is_boolean() && !additional->get<bool>();
    const bool typed = additional && additional->is_object();  // a map: every member has that schema
    for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
      if (auto it = properties.find(key); it != properties.end()) {
        if (auto failure = check(member, *it, Path(path, key))) return failure;
      } else if (typed) {
        if (auto failure = check(member, *additional, Path(path, key))) return failure;
      } else if (closed) {
        std::string allowed;
        for (const auto& [name, unused] : properties.items()) allowed += (allowed.empty() ? "" : ", ") + name;
        std::string message = std::string("Unexpected ") + wording_.noun + " `" + Path(path, key).text() + "`.";
        if (!wording_.examples) return message;
        return message + " " +
               (allowed.empty() ? std::string("This takes no arguments.") : "Allowed arguments: " + allowed + ".");
      }
    }
    return std::nullopt;
  }

  // A schema object with its "$ref" followed, and the keywords of what it ends at; schema is nullptr when that is
  // not an object (it constrains nothing).
  struct Schema {
    const Json* schema = nullptr;
    Keywords keywords;
  };

  // Each schema object is read once per validation: a result checks the same row schema for every row, and
  // reading its keywords and following its "$ref" (which parses a JSON pointer) for each row cost more than the
  // checks themselves. Found by address: the schemas do not change while a value is checked.
  Schema schema_for(const Json& schema_or_ref) {
    for (const auto& [address, known] : seen_) {
      if (address == &schema_or_ref) return known;
    }
    Schema found{&schema_or_ref, read_keywords(schema_or_ref)};
    if (found.keywords.ref) {
      const Json& target = resolved(schema_or_ref, *found.keywords.ref);
      if (&target != &schema_or_ref) {
        found = target.is_object() ? Schema{&target, read_keywords(target)} : Schema{};
      }
    }
    seen_.emplace_back(&schema_or_ref, found);
    return found;
  }

  // Schemas are fixed per tool, so compiled patterns are cached for the life of the process.
  static const std::regex& regex(const std::string& pattern) {
    static std::mutex mutex;
    static std::map<std::string, std::regex> cache;
    std::lock_guard lock(mutex);
    auto it = cache.find(pattern);
    if (it == cache.end()) it = cache.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
    return it->second;
  }

  // {"$ref": "#/$defs/name"} (a pointer into the root schema) is replaced by what it points at; a "$ref" that is
  // not a string is ignored (the schema is checked as it stands). A reference that points nowhere constrains
  // nothing (the schema tests reject such schemas).
  const Json& resolved(const Json& schema, const Json& ref) const {
    static const Json nothing = Json::object();
    if (!ref.is_string()) return schema;
    const auto& text = ref.get_ref<const std::string&>();
    if (text.rfind("#/", 0) != 0) return nothing;
    const Json::json_pointer pointer(text.substr(1));
    return root_.contains(pointer) ? root_.at(pointer) : nothing;
  }

  const Wording& wording_;
  const Json& root_;
  std::vector<std::pair<const Json*, Schema>> seen_;  // tens of objects: the largest expanded schema has under 100
};

}  // namespace

bool is_calendar_date(std::string_view s) {
  const auto digits = [&](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      value = value * 10 + (s[i] - '0');
    }
    return value;
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int max_day = (month == 2 && leap) ? 29 : kDays[month - 1];
  return day <= max_day;
}

std::optional<std::string> validate_arguments(const Json& arguments, const Json& schema) {
  if (!arguments.is_object()) return "Invalid arguments: must be a JSON object (got " + shown(arguments) + ").";
  return Validator(kArguments, schema).check(arguments, schema, Path());
}

std::optional<std::string> validate_result(const Json& result, const Json& schema) {
  return Validator(kResult, schema).check(result, schema, Path());
}

Json with_schema_defaults(const Json& arguments, const Json& schema) {
  Json out = arguments;
  const auto properties = schema.find("properties");
  if (!out.is_object() || properties == schema.end() || !properties->is_object()) return out;
  for (const auto& [name, property] : properties->items()) {
    if (property.is_object() && property.contains("default") && !out.contains(name)) out[name] = property["default"];
  }
  return out;
}

}  // namespace ca::tools

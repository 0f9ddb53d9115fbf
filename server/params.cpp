#include "server/params.hpp"

#include "server/jsonrpc.hpp"

namespace ca::server {
namespace {

constexpr std::size_t kMaxShownValueChars = 60;

bool has_type(const Json& value, ParamType type) {
  switch (type) {
    case ParamType::String: return value.is_string();
    case ParamType::Object: return value.is_object();
    case ParamType::StringOrInteger: return rpc::is_valid_id(value);
  }
  return false;
}

const char* describe(ParamType type) {
  switch (type) {
    case ParamType::String: return "a string";
    case ParamType::Object: return "an object";
    case ParamType::StringOrInteger: return "a string or an integer";
  }
  return "?";
}

}  // namespace

const Json* read_param(const Json& object, std::string_view name, ParamType type, std::string_view where) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(std::string(name));
  if (it == object.end() || it->is_null()) return nullptr;
  if (has_type(*it, type)) return &*it;
  std::string shown = dump_compact(*it);
  if (shown.size() > kMaxShownValueChars) {
    shown.resize(kMaxShownValueChars);
    shown += "...";
  }
  std::string path(where);
  if (!path.empty()) path += '.';
  path += name;
  throw InvalidParams("Invalid params: \"" + path + "\" must be " + describe(type) + " (got " + shown + ")");
}

std::string read_string_param(const Json& object, std::string_view name, std::string_view where) {
  const Json* value = read_param(object, name, ParamType::String, where);
  return value == nullptr ? std::string() : value->get<std::string>();
}

}  // namespace ca::server

#pragma once
// Type-checked reads of request params. A member that is absent or null reads as absent (clients send null for
// "not given"); a member of another type throws InvalidParams, which the dispatcher answers with -32602 naming the
// member. Reading through these, a handler can neither crash on a hostile shape (nlohmann's type_error) nor act on
// a value it did not check.
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/json_util.hpp"

namespace ca::server {

class InvalidParams : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ParamType { String, Object, StringOrInteger };

// The member `name` of `object` when present and not null; nullptr when absent or null. Throws InvalidParams
// ("Invalid params: \"where.name\" must be a string (got 5)") when it has another type. `where` prefixes the name
// in the message, for members of nested objects.
const Json* read_param(const Json& object, std::string_view name, ParamType type, std::string_view where = {});

// The same member as a string (empty when absent).
std::string read_string_param(const Json& object, std::string_view name, std::string_view where = {});

}  // namespace ca::server

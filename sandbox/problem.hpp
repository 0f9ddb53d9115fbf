#pragma once
// RFC 9457 problem details as the sandbox emits them (reference S15): handlers throw a Problem, the dispatcher
// renders it with the request's instance path and request id.
#include <stdexcept>
#include <string>
#include <vector>

#include "common/json_util.hpp"

namespace ca::sandbox {

struct FieldError {
  std::string field, message;
};

class Problem : public std::runtime_error {
 public:
  Problem(int status, std::string code, std::string detail, std::vector<FieldError> errors = {});
  static Problem validation(std::string field, std::string message);  // 422 with one field error

  int status;
  std::string code;    // e.g. NOT_FOUND
  std::string detail;  // this occurrence
  std::vector<FieldError> errors;
  ca::Json extensions = ca::Json::object();  // extra members, e.g. existing_id on 409

  ca::Json to_json(const std::string& instance, const std::string& request_id) const;
};

// The HTTP reason phrase for a status: an error's `title` ("Unprocessable Entity" for 422, …) and the phrase of
// a status line the sandbox writes itself.
std::string status_title(int status);
// The machine code the sandbox uses for a bare status (scripted faults): 503 → SERVICE_UNAVAILABLE, …
std::string default_code(int status);

}  // namespace ca::sandbox

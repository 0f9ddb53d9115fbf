#include "client/problem.hpp"

#include "client/json_fields.hpp"

namespace ca::api {

ApiError problem_from_response(int status, const std::string& body, const std::string& header_request_id) {
  ApiError e;
  e.kind = ErrorKind::Http;
  e.status = status;
  Json problem = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (problem.is_object()) {
    e.code = string_member(problem, "code");
    e.title = string_member(problem, "title");
    e.detail = string_member(problem, "detail");
    e.instance = string_member(problem, "instance");
    e.request_id = string_member(problem, "request_id");
    if (const Json* errors = member(problem, "errors"); errors && errors->is_array()) {
      for (const auto& item : *errors) {
        FieldError f{string_member(item, "field"), string_member(item, "message")};
        if (!f.field.empty() || !f.message.empty()) e.errors.push_back(std::move(f));
      }
    }
  }
  if (!header_request_id.empty()) e.request_id = header_request_id;
  if (e.title.empty() && e.detail.empty()) e.title = "HTTP " + std::to_string(status);
  return e;
}

}  // namespace ca::api

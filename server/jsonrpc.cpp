#include "server/jsonrpc.hpp"

namespace ca::server::rpc {

Json result(const Json& id, Json result) {
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

Json error(const Json& id, int code, const std::string& message, Json data) {
  Json body = {{"code", code}, {"message", message}};
  if (!data.is_null()) body["data"] = std::move(data);
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(body)}};
}

Json notification(const std::string& method, Json params) {
  return Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

bool is_valid_id(const Json& id) { return id.is_string() || id.is_number_integer(); }

}  // namespace ca::server::rpc

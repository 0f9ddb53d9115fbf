#include "client/projected_parse.hpp"

#include <algorithm>

namespace ca::api {

Json parse_upstream_body(const std::string& body, const ItemFields& item_fields) {
  if (!item_fields || item_fields->empty()) return Json::parse(body, nullptr, false);
  // Callback depths (nlohmann): the root object's keys are at depth 1, the "data" array's objects start at
  // depth 2, and their keys are at depth 3.
  bool data_key = false, in_data_array = false;
  const auto keep = [&](int depth, Json::parse_event_t event, Json& parsed) {
    if (depth == 1 && event == Json::parse_event_t::array_start) in_data_array = data_key;
    if (event != Json::parse_event_t::key) return true;
    if (depth == 1) {
      data_key = parsed.is_string() && parsed.get_ref<const std::string&>() == "data";
      in_data_array = false;
      return true;
    }
    if (depth != 3 || !in_data_array) return true;
    const auto& name = parsed.get_ref<const std::string&>();
    return std::find(item_fields->begin(), item_fields->end(), name) != item_fields->end();
  };
  return Json::parse(body, keep, false);
}

}  // namespace ca::api

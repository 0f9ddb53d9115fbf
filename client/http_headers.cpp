#include "client/http_headers.hpp"

namespace ca::api {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string_view trim_ows(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

void HttpHeaders::add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

void HttpHeaders::append_to_last(std::string_view more) {
  if (fields_.empty() || more.empty()) return;
  std::string& value = fields_.back().second;
  if (!value.empty()) value.push_back(' ');
  value.append(more);
}

const std::string* HttpHeaders::find(std::string_view name) const {
  for (const auto& [field, value] : fields_)
    if (ascii_iequals(field, name)) return &value;
  return nullptr;
}

std::string HttpHeaders::get(std::string_view name) const {
  const std::string* value = find(name);
  return value ? *value : std::string();
}

std::vector<std::string_view> HttpHeaders::elements(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [field, value] : fields_) {
    if (!ascii_iequals(field, name)) continue;
    std::string_view rest = value;
    while (true) {
      const auto comma = rest.find(',');
      const std::string_view element = trim_ows(rest.substr(0, comma));
      if (!element.empty()) out.push_back(element);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

bool HttpHeaders::has_element(std::string_view name, std::string_view token) const {
  for (std::string_view element : elements(name))
    if (ascii_iequals(element, token)) return true;
  return false;
}

}  // namespace ca::api

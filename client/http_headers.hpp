#pragma once
// HTTP header fields as they arrived: names compared case-insensitively, every field kept in order (duplicates
// included), values with surrounding whitespace already trimmed by whoever added them.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ca::api {

// ASCII case-insensitive equality (field names, codings, connection options).
bool ascii_iequals(std::string_view a, std::string_view b);

// Leading and trailing spaces and tabs removed (HTTP's OWS).
std::string_view trim_ows(std::string_view text);

class HttpHeaders {
 public:
  using Field = std::pair<std::string, std::string>;

  // Out of line: inlined into callers that pass literals, GCC 12 misreports the SSO copy (-Wstringop-overread).
  void add(std::string name, std::string value);
  void clear() { fields_.clear(); }
  // Continues the last field's value (an obs-folded line): appended after one space. No-op when empty.
  void append_to_last(std::string_view more);

  // The first field with this name, or nullptr.
  const std::string* find(std::string_view name) const;
  // The first field's value, "" when absent.
  std::string get(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  // Every comma-separated element of every field with this name, trimmed, empty elements skipped (RFC 9110 §5.6.1
  // lists: "a, b" and two fields "a" and "b" mean the same). Not for fields whose values contain commas of their
  // own, such as HTTP-dates.
  std::vector<std::string_view> elements(std::string_view name) const;
  // Whether one of elements(name) equals `token` case-insensitively (e.g. Connection: close).
  bool has_element(std::string_view name, std::string_view token) const;

  std::size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }
  std::vector<Field>::const_iterator begin() const { return fields_.begin(); }
  std::vector<Field>::const_iterator end() const { return fields_.end(); }

 private:
  std::vector<Field> fields_;
};

}  // namespace ca::api

#include "server/json_numbers.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>

namespace ca::server {
namespace {

constexpr std::size_t kMaxShownNumberChars = 40;
// A path names a member by at most this many bytes: the path is only shown to the client, and a line may hold a
// megabyte-long member name above thousands of numbers.
constexpr std::size_t kMaxPathNameBytes = 64;

// One open object or array while scanning; enough to know the path of the value being read.
struct Frame {
  bool is_object = false;
  bool expecting_key = true;  // objects: the next string is a member name
  std::string key;            // objects: the name of the member being read
  std::size_t index = 0;      // arrays: the index of the element being read
};

bool is_number_char(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '+' || c == '.' || c == 'e' ||
         c == 'E';
}

// Offset just past the string literal that opens at text[begin] ('"'), or text.size() when it never closes.
std::size_t end_of_string(std::string_view text, std::size_t begin) {
  for (std::size_t i = begin + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return text.size();
}

bool overflows_double(std::string_view token) {
  const std::string copy(token);  // strtod needs a terminator
  return std::isinf(std::strtod(copy.c_str(), nullptr));
}

std::string member_name(std::string_view literal) {
  // The literal's first bytes are enough to decode the part that is kept (plus room for an escape).
  const bool cut = literal.size() > 4 * kMaxPathNameBytes;
  const std::string head = cut ? std::string(literal.substr(0, 4 * kMaxPathNameBytes)) + "\"" : std::string(literal);
  const Json decoded = Json::parse(head, nullptr, false);
  std::string name = decoded.is_string() ? decoded.get<std::string>() : head;
  if (name.size() > kMaxPathNameBytes || cut) {
    std::size_t keep = std::min(name.size(), kMaxPathNameBytes);
    while (keep > 0 && keep < name.size() && (static_cast<unsigned char>(name[keep]) & 0xC0) == 0x80) --keep;
    name.resize(keep);  // at a character boundary
    name += "...";
  }
  return name;
}

JsonPath path_of(const std::vector<Frame>& stack) {
  JsonPath path;
  for (const auto& frame : stack) {
    if (frame.is_object) {
      path.emplace_back(frame.key);
    } else {
      path.emplace_back(frame.index);
    }
  }
  return path;
}

struct NumberToken {
  std::size_t offset;
  std::size_t length;
  std::optional<OutOfRangeNumber> number;  // described for the first kMaxDescribedNumbers only
};

// A lexical pass over (presumably valid) JSON that finds the numbers a double cannot hold. When the text is not
// valid JSON the paths may be wrong, but then the parse fails anyway and they are never used.
std::vector<NumberToken> find_out_of_range_numbers(std::string_view text) {
  std::vector<NumberToken> found;
  std::vector<Frame> stack;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '{' || c == '[') {
      Frame frame;
      frame.is_object = c == '{';
      stack.push_back(std::move(frame));
      ++i;
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      ++i;
    } else if (c == ',') {
      if (!stack.empty()) {
        if (stack.back().is_object) {
          stack.back().expecting_key = true;
        } else {
          ++stack.back().index;
        }
      }
      ++i;
    } else if (c == ':') {
      if (!stack.empty()) stack.back().expecting_key = false;
      ++i;
    } else if (c == '"') {
      const std::size_t end = end_of_string(text, i);
      if (!stack.empty() && stack.back().is_object && stack.back().expecting_key) {
        stack.back().key = member_name(text.substr(i, end - i));
      }
      i = end;
    } else if (c == '-' || std::isdigit(static_cast<unsigned char>(c)) != 0) {
      std::size_t end = i;
      while (end < text.size() && is_number_char(text[end])) ++end;
      const std::string_view token = text.substr(i, end - i);
      if (overflows_double(token)) {
        std::optional<OutOfRangeNumber> number;
        if (found.size() < kMaxDescribedNumbers) {
          std::string shown(token.substr(0, kMaxShownNumberChars));
          if (token.size() > kMaxShownNumberChars) shown += "...";
          number = OutOfRangeNumber{path_of(stack), std::move(shown)};
        }
        found.push_back({i, token.size(), std::move(number)});
      }
      i = end;
    } else {
      ++i;
    }
  }
  return found;
}

}  // namespace

ParsedLine parse_json_line(std::string_view text) {
  ParsedLine out;
  out.value = Json(Json::value_t::discarded);
  out.before_nul = Json(Json::value_t::discarded);
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    out.error = "a NUL byte at offset " + std::to_string(nul) + " (JSON text cannot contain one)";
    out.before_nul = parse_json_line(text.substr(0, nul)).value;
    return out;
  }
  const auto numbers = find_out_of_range_numbers(text);
  std::string replaced;
  if (!numbers.empty()) {
    std::size_t copied = 0;
    for (const auto& token : numbers) {
      replaced.append(text.substr(copied, token.offset - copied));
      replaced += "null";
      copied = token.offset + token.length;
      if (token.number) out.out_of_range.push_back(*token.number);
    }
    replaced.append(text.substr(copied));
    text = replaced;
  }
  try {
    out.value = Json::parse(text);
  } catch (const std::exception& e) {  // parse_error, and anything else the parser may throw
    out.value = Json(Json::value_t::discarded);
    out.error = e.what();
    out.out_of_range.clear();
  }
  return out;
}

std::string format_json_path(const JsonPath& path) {
  std::string out;
  for (const auto& step : path) {
    if (const auto* name = std::get_if<std::string>(&step)) {
      if (!out.empty()) out += '.';
      out += *name;
    } else {
      out += '[' + std::to_string(std::get<std::size_t>(step)) + ']';
    }
  }
  return out;
}

bool path_starts_with(const JsonPath& path, const JsonPath& prefix) {
  return path.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

std::vector<OutOfRangeNumber> out_of_range_under(const std::vector<OutOfRangeNumber>& numbers,
                                                 const JsonPath& prefix) {
  std::vector<OutOfRangeNumber> under;
  for (const auto& number : numbers) {
    if (!path_starts_with(number.path, prefix)) continue;
    under.push_back({JsonPath(number.path.begin() + static_cast<std::ptrdiff_t>(prefix.size()), number.path.end()),
                     number.text});
  }
  return under;
}

std::vector<std::vector<OutOfRangeNumber>> out_of_range_by_element(const std::vector<OutOfRangeNumber>& numbers,
                                                                   std::size_t elements) {
  std::vector<std::vector<OutOfRangeNumber>> by_element(elements);
  for (const auto& number : numbers) {
    if (number.path.empty()) continue;
    const auto* index = std::get_if<std::size_t>(&number.path.front());
    if (index == nullptr || *index >= elements) continue;
    by_element[*index].push_back({JsonPath(number.path.begin() + 1, number.path.end()), number.text});
  }
  return by_element;
}

std::string describe_out_of_range(const OutOfRangeNumber& number, const std::string& where) {
  return where + " is " + number.text + ", a number outside the range of a double (about \u00b11.8e308)";
}

}  // namespace ca::server

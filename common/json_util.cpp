#include "common/json_util.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "common/utf8.hpp"

namespace ca {
namespace {

// nlohmann's own serialisation of one value, for the cases the writer below leaves to it (strings that are not
// well-formed UTF-8, binary values), so that their text stays exactly nlohmann's.
std::string nlohmann_text(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

// The compact text of a value, byte for byte what nlohmann's dump(-1, ' ', false, replace) writes, in one pass
// without its per-byte UTF-8 state machine: every result is serialised twice (text copy, protocol line) and was
// the largest share of a list call's CPU after parsing. `Out` appends (std::string) or only counts.
template <class Out>
class CompactWriter {
 public:
  explicit CompactWriter(Out& out) : out_(out) {}

  void value(const Json& v) {
    switch (v.type()) {
      case Json::value_t::object: {
        out_.append("{");
        bool first = true;
        for (const auto& [key, member] : v.get_ref<const Json::object_t&>()) {
          if (!first) out_.append(",");
          first = false;
          string(key, nullptr);
          out_.append(":");
          value(member);
        }
        out_.append("}");
        return;
      }
      case Json::value_t::array: {
        out_.append("[");
        bool first = true;
        for (const auto& item : v.get_ref<const Json::array_t&>()) {
          if (!first) out_.append(",");
          first = false;
          value(item);
        }
        out_.append("]");
        return;
      }
      case Json::value_t::string:
        string(v.get_ref<const std::string&>(), &v);
        return;
      case Json::value_t::boolean:
        out_.append(v.get<bool>() ? "true" : "false");
        return;
      case Json::value_t::number_integer:
        integer(v.get<std::int64_t>());
        return;
      case Json::value_t::number_unsigned:
        integer(v.get<std::uint64_t>());
        return;
      case Json::value_t::number_float:
        floating(v.get<double>());
        return;
      case Json::value_t::null:
        out_.append("null");
        return;
      case Json::value_t::binary:
      case Json::value_t::discarded:
        out_.append(nlohmann_text(v));
        return;
    }
  }

 private:
  template <class Integer>
  void integer(Integer n) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    out_.append(std::string_view(digits, static_cast<std::size_t>(end - digits)));
  }

  // What nlohmann's serializer writes for a double (IEEE binary64 here): "null" for NaN and infinities, else its
  // own shortest round-trip text (Grisu2), called directly rather than through a serializer and a string per value.
  void floating(double d) {
    static_assert(std::numeric_limits<double>::is_iec559 && std::numeric_limits<double>::digits == 53);
    if (!std::isfinite(d)) {
      out_.append("null");
      return;
    }
    std::array<char, 64> digits{};
    const char* end = nlohmann::detail::to_chars(digits.data(), digits.data() + digits.size(), d);
    out_.append(std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())));
  }

  // `whole`: the Json holding the string, handed to nlohmann when the text is not well-formed UTF-8 (its
  // replacement rules decide then); nullptr for an object key, which is wrapped for that case.
  void string(const std::string& text, const Json* whole) {
    const std::size_t size = text.size();
    for (std::size_t i = 0; i < size;) {
      if (i + 8 <= size && (word_at(text, i) & kHighBits) == 0) {  // eight ASCII bytes
        i += 8;
        continue;
      }
      const auto byte = static_cast<unsigned char>(text[i]);
      const std::size_t length = byte < 0x80 ? 1 : utf8_sequence_length(text, i);
      if (length == 0) {
        out_.append(whole ? nlohmann_text(*whole) : nlohmann_text(Json(text)));
        return;
      }
      i += length;
    }
    // Escaping goes through a small buffer: a text copy inside the protocol line has an escape every few bytes,
    // and appending each plain stretch and each escape on its own cost more than the copying.
    char buffer[kEscapeBuffer];
    std::size_t used = 0;
    buffer[used++] = '"';
    for (std::size_t i = 0; i < size;) {
      if (used + 8 > kEscapeBuffer) {
        out_.append(std::string_view(buffer, used));
        used = 0;
      }
      if (i + 8 <= size && !needs_escape(word_at(text, i))) {
        std::memcpy(buffer + used, text.data() + i, 8);
        used += 8;
        i += 8;
        continue;
      }
      const auto byte = static_cast<unsigned char>(text[i++]);
      if (byte >= 0x20 && byte != '"' && byte != '\\') {
        buffer[used++] = static_cast<char>(byte);
      } else {
        used += escape(byte, buffer + used);
      }
    }
    if (used + 1 > kEscapeBuffer) {
      out_.append(std::string_view(buffer, used));
      used = 0;
    }
    buffer[used++] = '"';
    out_.append(std::string_view(buffer, used));
  }

  static constexpr std::size_t kEscapeBuffer = 512;  // at least 8: one word, or one escape (at most 6 bytes)

  // Strings are scanned eight bytes at a time (results are mostly plain ASCII text): the tests below are the
  // classic exact "some byte is zero / below n" word tricks, so a word they pass holds no byte that needs work.
  static constexpr std::uint64_t kLowBits = 0x0101010101010101ULL;
  static constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

  static std::uint64_t word_at(const std::string& text, std::size_t at) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + at, sizeof word);
    return word;
  }

  static std::uint64_t has_zero_byte(std::uint64_t word) { return (word - kLowBits) & ~word & kHighBits; }

  // Some byte is a C0 control, '"' or '\\'.
  static bool needs_escape(std::uint64_t word) {
    const std::uint64_t below_space = (word - kLowBits * 0x20) & ~word & kHighBits;
    return (below_space | has_zero_byte(word ^ (kLowBits * '"')) | has_zero_byte(word ^ (kLowBits * '\\'))) != 0;
  }

  // nlohmann's escapes: the short forms where JSON has them, \u00xx (lower-case hex) for the other C0 controls.
  // Writes at `to` and returns how many bytes (2 or 6).
  static std::size_t escape(unsigned char byte, char* to) {
    const char* short_form = nullptr;
    switch (byte) {
      case '"': short_form = "\\\""; break;
      case '\\': short_form = "\\\\"; break;
      case '\b': short_form = "\\b"; break;
      case '\f': short_form = "\\f"; break;
      case '\n': short_form = "\\n"; break;
      case '\r': short_form = "\\r"; break;
      case '\t': short_form = "\\t"; break;
      default: break;
    }
    if (short_form) {
      std::memcpy(to, short_form, 2);
      return 2;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    const char sequence[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 15]};
    std::memcpy(to, sequence, sizeof sequence);
    return sizeof sequence;
  }

  Out& out_;
};

struct ByteCount {
  std::size_t bytes = 0;
  void append(std::string_view text) { bytes += text.size(); }
};

}  // namespace

std::string dump_compact(const Json& value) {
  std::string out;
  CompactWriter<std::string>(out).value(value);
  return out;
}

std::size_t compact_size(const Json& value) {
  ByteCount count;
  CompactWriter<ByteCount>(count).value(value);
  return count.bytes;
}

}  // namespace ca

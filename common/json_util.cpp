#include "common/json_util.hpp"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/utf8.hpp"

namespace ca {
namespace {

struct ByteCount {
  std::size_t bytes = 0;
  void append(std::string_view text) { bytes += text.size(); }
};

// Appends until the text would grow past `cap`, then only records that it would have.
struct CappedText {
  std::string& text;
  std::size_t cap;
  bool over = false;
  void append(std::string_view part) {
    if (over) return;
    if (part.size() > cap - text.size()) {
      over = true;
      return;
    }
    text.append(part);
  }
  bool full() const { return over; }
};

// nlohmann's own serialisation of one value, for the cases the writer below leaves to it (strings that are not
// well-formed UTF-8, binary values other than already_serialized ones), so that their text stays exactly nlohmann's.
std::string nlohmann_text(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

// Marks the binary values made by already_serialized(). Parsing JSON never makes a binary value, so no input can
// pass for one.
constexpr Json::binary_t::subtype_type kSerializedSubtype = 0xCA75'0001;

// The text an already_serialized() value stands for; nullopt for any other value.
std::optional<std::string_view> serialized_text(const Json& value) {
  if (!value.is_binary()) return std::nullopt;
  const Json::binary_t& bytes = value.get_binary();
  if (!bytes.has_subtype() || bytes.subtype() != kSerializedSubtype) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// The compact text of a value, byte for byte what nlohmann's dump(-1, ' ', false, replace) writes, in one pass
// without its per-byte UTF-8 state machine: every result is serialised (its text copy) and written again escaped
// inside the protocol line, and that was the largest share of a list call's CPU after parsing. `Out` appends
// (std::string), appends up to a cap, or only counts.
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
          if (stopped()) return;
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
          if (stopped()) return;
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
        if (const auto text = serialized_text(v)) {
          out_.append(*text);
          return;
        }
        out_.append(nlohmann_text(v));
        return;
      case Json::value_t::discarded:
        out_.append(nlohmann_text(v));
        return;
    }
  }

 private:
  // A capped output that is full takes nothing more, so the rest of the tree need not be walked.
  bool stopped() const {
    if constexpr (requires { out_.full(); }) {
      return out_.full();
    } else {
      return false;
    }
  }

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
    if (stopped()) return;
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
    if constexpr (std::is_same_v<Out, ByteCount>) {
      out_.bytes += escaped_size(text);
    } else {
      escape_through_buffer(text);
    }
  }

  // The quoted, escaped text in bytes, counted without writing it (the byte budget measures every result).
  static std::size_t escaped_size(const std::string& text) {
    std::size_t bytes = 2 + text.size();
    for (std::size_t i = 0; i < text.size();) {
      if (i + 8 <= text.size()) {
        const std::uint64_t marks = escape_marks(word_at(text, i));
        if (marks == 0) {
          i += 8;
          continue;
        }
        i += first_marked_byte(marks);
      }
      bytes += escape_size(static_cast<unsigned char>(text[i++])) - 1;
    }
    return bytes;
  }

  // Escaping goes through a small buffer: a text copy inside the protocol line has an escape every few bytes, and
  // appending each plain stretch and each escape on its own cost more than the copying. A word that holds an
  // escape is copied whole, and only its bytes before the first escape are kept, so that a plain stretch costs
  // one word test whatever its length.
  void escape_through_buffer(const std::string& text) {
    const std::size_t size = text.size();
    char buffer[kEscapeBuffer];
    std::size_t used = 0;
    buffer[used++] = '"';
    for (std::size_t i = 0; i < size;) {
      if (used + kMostPerStep > kEscapeBuffer) {
        out_.append(std::string_view(buffer, used));
        used = 0;
      }
      if (i + 8 <= size) {
        const std::uint64_t word = word_at(text, i);
        std::memcpy(buffer + used, &word, 8);
        const std::uint64_t marks = escape_marks(word);
        if (marks == 0) {
          used += 8;
          i += 8;
          continue;
        }
        const std::size_t plain = first_marked_byte(marks);
        used += plain;
        i += plain;
      }
      // text[i] needs an escape, or it is one of the last seven bytes.
      used += escape(static_cast<unsigned char>(text[i++]), buffer + used);
    }
    if (used + 1 > kEscapeBuffer) {
      out_.append(std::string_view(buffer, used));
      used = 0;
    }
    buffer[used++] = '"';
    out_.append(std::string_view(buffer, used));
  }

  // One step of the loop above writes at most this much: a whole word, or up to 7 plain bytes and one escape.
  static constexpr std::size_t kMostPerStep = 7 + 6;
  static constexpr std::size_t kEscapeBuffer = 512;
  static_assert(kEscapeBuffer >= kMostPerStep);

  // Strings are scanned eight bytes at a time (results are mostly plain ASCII text): the tests below are the
  // classic "some byte is zero / below n" word tricks, so a word they pass holds no byte that needs work.
  static constexpr std::uint64_t kLowBits = 0x0101010101010101ULL;
  static constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

  static std::uint64_t word_at(const std::string& text, std::size_t at) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + at, sizeof word);
    return word;
  }

  static std::uint64_t has_zero_byte(std::uint64_t word) { return (word - kLowBits) & ~word & kHighBits; }

  // A high bit set in each byte that is a C0 control, '"' or '\\'; no such byte goes unmarked. A plain byte may be
  // marked too (a borrow from a marked byte below it in the word's arithmetic): that only sends it down the
  // per-byte path, where escape() copies it unchanged.
  static std::uint64_t escape_marks(std::uint64_t word) {
    const std::uint64_t below_space = (word - kLowBits * 0x20) & ~word & kHighBits;
    return below_space | has_zero_byte(word ^ (kLowBits * '"')) | has_zero_byte(word ^ (kLowBits * '\\'));
  }

  // How many bytes of the word come before its first mark (0..7). The word was loaded with memcpy, so the first
  // byte in memory is the low end on a little-endian machine and the high end on a big-endian one.
  static std::size_t first_marked_byte(std::uint64_t marks) {
    const int bit = std::endian::native == std::endian::little ? std::countr_zero(marks) : std::countl_zero(marks);
    return static_cast<std::size_t>(bit) / 8;
  }

  // The bytes `byte` takes in the output: itself, or nlohmann's escape of it.
  static std::size_t escape_size(unsigned char byte) {
    char scratch[6];  // escape() is the one place that decides what a byte becomes
    return escape(byte, scratch);
  }

  // nlohmann's short escapes: where JSON has them; the other C0 controls become \u00xx.
  static const char* short_escape(unsigned char byte) {
    switch (byte) {
      case '"': return "\\\"";
      case '\\': return "\\\\";
      case '\b': return "\\b";
      case '\f': return "\\f";
      case '\n': return "\\n";
      case '\r': return "\\r";
      case '\t': return "\\t";
      default: return nullptr;
    }
  }

  // Writes `byte` at `to` as nlohmann does (itself, a short escape, or \u00xx in lower-case hex) and returns how
  // many bytes that took (1, 2 or 6).
  static std::size_t escape(unsigned char byte, char* to) {
    if (byte >= 0x20 && byte != '"' && byte != '\\') {
      *to = static_cast<char>(byte);
      return 1;
    }
    if (const char* short_form = short_escape(byte)) {
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

}  // namespace

std::string dump_compact(const Json& value) {
  std::string out;
  append_compact(out, value);
  return out;
}

void append_compact(std::string& out, const Json& value) { CompactWriter<std::string>(out).value(value); }

std::optional<std::string> dump_compact_within(const Json& value, std::size_t max_bytes) {
  std::string text;
  CappedText capped{text, max_bytes};
  CompactWriter<CappedText>(capped).value(value);
  if (capped.over) return std::nullopt;
  return text;
}

Json already_serialized(std::string_view compact_text) {
  // From bytes of the container's own type the copy is one memmove; from chars it went byte by byte.
  const auto* first = reinterpret_cast<const std::uint8_t*>(compact_text.data());
  return Json::binary(Json::binary_t::container_type(first, first + compact_text.size()), kSerializedSubtype);
}

std::size_t compact_size(const Json& value) {
  ByteCount count;
  CompactWriter<ByteCount>(count).value(value);
  return count.bytes;
}

namespace {

// Each allocation is estimated at its size plus this much: glibc's chunk header and its rounding to 16 bytes.
constexpr std::size_t kAllocationOverhead = 16;

std::size_t allocation(std::size_t bytes) { return bytes + kAllocationOverhead; }

std::size_t string_heap_bytes(const std::string& text) {
  static const std::size_t kInPlace = std::string().capacity();  // short strings live inside the object
  return text.capacity() > kInPlace ? allocation(text.capacity() + 1) : 0;
}

// A container's storage, when it has any.
std::size_t storage_bytes(std::size_t capacity, std::size_t element_bytes) {
  return capacity == 0 ? 0 : allocation(capacity * element_bytes);
}

}  // namespace

std::size_t json_heap_bytes(const Json& value) {
  // A Json holds an object, array, string or binary value through a pointer to one allocated for it.
  std::size_t bytes = 0;
  std::vector<const Json*> pending{&value};
  while (!pending.empty()) {
    const Json& v = *pending.back();
    pending.pop_back();
    switch (v.type()) {
      case Json::value_t::object: {
        const auto& members = v.get_ref<const Json::object_t&>();
        bytes += allocation(sizeof(Json::object_t)) +
                 storage_bytes(members.capacity(), sizeof(Json::object_t::value_type));
        for (const auto& [key, member] : members) {
          bytes += string_heap_bytes(key);
          pending.push_back(&member);
        }
        break;
      }
      case Json::value_t::array: {
        const auto& items = v.get_ref<const Json::array_t&>();
        bytes += allocation(sizeof(Json::array_t)) + storage_bytes(items.capacity(), sizeof(Json));
        for (const auto& item : items) pending.push_back(&item);
        break;
      }
      case Json::value_t::string:
        bytes += allocation(sizeof(std::string)) + string_heap_bytes(v.get_ref<const std::string&>());
        break;
      case Json::value_t::binary:
        bytes += allocation(sizeof(Json::binary_t)) + storage_bytes(v.get_binary().capacity(), 1);
        break;
      default:  // numbers, booleans, null: inside the Json itself
        break;
    }
  }
  return bytes;
}

}  // namespace ca

#include "common/json_util.hpp"

#include <charconv>

#include "common/utf8.hpp"

namespace ca {
namespace {

// nlohmann's own serialisation of one value, for the cases the writer below leaves to it (floating-point numbers and
// strings that are not well-formed UTF-8), so that their text stays exactly nlohmann's.
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
        out_.append(nlohmann_text(v));
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

  // `whole`: the Json holding the string, handed to nlohmann when the text is not well-formed UTF-8 (its
  // replacement rules decide then); nullptr for an object key, which is wrapped for that case.
  void string(const std::string& text, const Json* whole) {
    for (std::size_t i = 0; i < text.size();) {
      const auto byte = static_cast<unsigned char>(text[i]);
      const std::size_t length = byte < 0x80 ? 1 : utf8_sequence_length(text, i);
      if (length == 0) {
        out_.append(whole ? nlohmann_text(*whole) : nlohmann_text(Json(text)));
        return;
      }
      i += length;
    }
    out_.append("\"");
    std::size_t plain_from = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto byte = static_cast<unsigned char>(text[i]);
      if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
      out_.append(std::string_view(text).substr(plain_from, i - plain_from));
      plain_from = i + 1;
      escape(byte);
    }
    out_.append(std::string_view(text).substr(plain_from));
    out_.append("\"");
  }

  // nlohmann's escapes: the short forms where JSON has them, \u00xx (lower-case hex) for the other C0 controls.
  void escape(unsigned char byte) {
    switch (byte) {
      case '"': out_.append("\\\""); return;
      case '\\': out_.append("\\\\"); return;
      case '\b': out_.append("\\b"); return;
      case '\f': out_.append("\\f"); return;
      case '\n': out_.append("\\n"); return;
      case '\r': out_.append("\\r"); return;
      case '\t': out_.append("\\t"); return;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char sequence[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 15]};
        out_.append(std::string_view(sequence, sizeof sequence));
      }
    }
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

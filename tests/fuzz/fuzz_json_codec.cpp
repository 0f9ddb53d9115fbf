// The two JSON fast paths that replace nlohmann's on the hot path (issue 14), each against nlohmann itself:
//   - client/projected_parse: the simdjson parse either declines or gives exactly what nlohmann's parse gives (the
//     projected form when the first input byte asks for item fields); it never takes a body nlohmann refuses;
//   - common/json_util: dump_compact and compact_size write exactly nlohmann's dump(-1, ' ', false, replace), for
//     the parsed value and for the raw input held as one string (any bytes, ill-formed UTF-8 included);
//     dump_compact_within gives that text with a cap of its length and nothing with one byte less; and an
//     already_serialized copy of either writes that same text.
// Input: one options byte (bit 0: project "data" items to the members "id" and "stats"), then the body.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "client/projected_parse.hpp"
#include "common/json_util.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using ca::Json;

std::string reference_dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

void check_writer(const Json& value) {
  const std::string expected = reference_dump(value);
  CA_FUZZ_CHECK(ca::dump_compact(value) == expected, "dump_compact writes nlohmann's text");
  CA_FUZZ_CHECK(ca::compact_size(value) == expected.size(), "compact_size counts nlohmann's text");
  CA_FUZZ_CHECK(ca::dump_compact_within(value, expected.size()) == expected, "the capped writer fits at the length");
  CA_FUZZ_CHECK(!ca::dump_compact_within(value, expected.size() - 1), "the capped writer refuses one byte less");
  const Json spliced = Json::array({ca::already_serialized(ca::dump_compact(value))});
  CA_FUZZ_CHECK(ca::dump_compact(spliced) == "[" + expected + "]", "an already_serialized value writes its text");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const ca::api::ItemFields kFields =
      std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"id", "stats"});
  const ca::api::ItemFields fields = (data[0] & 1) ? kFields : nullptr;
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);

  const Json reference = ca::api::detail::parse_with_nlohmann(body, fields);
  if (const auto fast = ca::api::detail::parse_with_simdjson(body, fields)) {
    CA_FUZZ_CHECK(!reference.is_discarded(), "simdjson takes no body that nlohmann refuses");
    CA_FUZZ_CHECK(reference_dump(*fast) == reference_dump(reference), "simdjson and nlohmann parse alike");
  }
  if (!reference.is_discarded()) check_writer(reference);
  check_writer(Json(body));
  return 0;
}

// list_accounts' cursor, which the model copies back and may mangle. decode_cursor gets arbitrary text; an encoded
// cursor built from arbitrary filters must decode to what went in. Properties: no crash or sanitizer report,
// decoding is a normal form (decode ∘ encode ∘ decode = decode), and encode → decode round-trips.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "tests/fuzz/fuzz_support.hpp"
#include "tools/list_cursor.hpp"

namespace {

std::optional<std::string> maybe_string(FuzzedDataProvider& input) {
  if (!input.ConsumeBool()) return std::nullopt;
  return input.ConsumeRandomLengthString(64);
}

bool same(const ca::tools::ListCursor& a, const ca::tools::ListCursor& b) {
  return a.api_cursor == b.api_cursor && a.skip == b.skip && a.fingerprint == b.fingerprint;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const bool decode_text = input.ConsumeBool();
  if (decode_text) {
    const auto decoded = ca::tools::decode_cursor(input.ConsumeRemainingBytesAsString());
    if (decoded) {
      const auto again = ca::tools::decode_cursor(ca::tools::encode_cursor(*decoded));
      CA_FUZZ_CHECK(again && same(*again, *decoded), "a decoded cursor re-encodes to the same cursor");
    }
    return 0;
  }
  ca::api::AccountFilter filter;
  filter.platform = maybe_string(input);
  filter.q = maybe_string(input);
  filter.category = maybe_string(input);
  filter.creator_id = maybe_string(input);
  filter.order_by = maybe_string(input);
  filter.order_direction = maybe_string(input);
  if (input.ConsumeBool()) filter.is_active = input.ConsumeBool();
  ca::tools::ListCursor cursor;
  cursor.fingerprint = ca::tools::list_fingerprint("/accounts", filter.to_query());
  // A skip never exceeds one page (200 rows); the decoder accepts up to 6 digits.
  cursor.skip = input.ConsumeIntegralInRange<std::size_t>(0, 999'999);
  std::string api_cursor = input.ConsumeRemainingBytesAsString();
  if (!api_cursor.empty()) cursor.api_cursor = std::move(api_cursor);  // "" and none encode alike: both "no cursor"
  const auto decoded = ca::tools::decode_cursor(ca::tools::encode_cursor(cursor));
  CA_FUZZ_CHECK(decoded && same(*decoded, cursor), "encode_cursor then decode_cursor is the identity");
  return 0;
}

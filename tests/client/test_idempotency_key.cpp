#include <catch2/catch.hpp>
#include <set>

#include "client/client.hpp"
#include "client/idempotency_key.hpp"

TEST_CASE("idempotency keys are fresh version-4 UUIDs", "[client][idempotency]") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto key = ca::api::new_idempotency_key();
    REQUIRE(key);
    REQUIRE(ca::api::is_uuid(*key));
    CHECK((*key)[14] == '4');
    CHECK(std::string("89ab").find((*key)[19]) != std::string::npos);
    seen.insert(*key);
  }
  CHECK(seen.size() == 200);
}

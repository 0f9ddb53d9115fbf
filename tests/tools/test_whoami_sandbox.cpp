#include <catch2/catch.hpp>

#include "sandbox_fixture.hpp"

using ca::Json;
using ca::tools::testing::SandboxFixture;

TEST_CASE("whoami reports the organization, key name, base URL and rate budget", "[sandbox][whoami]") {
  SandboxFixture f;
  const auto result = f.call("whoami", Json::object());
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["organization_id"].is_string());
  CHECK(result.structured["api_key_name"].is_string());
  CHECK(result.structured["base_url"] == f.sandbox.base_url());
  const Json& rate = result.structured["rate_limit"];
  CHECK(rate["limit"] == 600);
  CHECK(rate["remaining"].get<int>() < 600);
  CHECK_THAT(rate["resets_at"].get<std::string>(), Catch::Matches(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"));
  CHECK(f.requests("GET", "/v2/whoami") == 1);
  CHECK(ca::dump_compact(result.structured).find("sandbox-key") == std::string::npos);
}

TEST_CASE("whoami passes on an API error with its request ID", "[sandbox][whoami]") {
  SandboxFixture f;
  f.sandbox.script_statuses({503, 503, 503, 503, 503, 503}, "/v2/whoami");
  const auto result = f.call("whoami", Json::object());
  REQUIRE(result.is_error);
  CHECK_THAT(result.error_message, Catch::Contains("503") && Catch::Contains("request_id="));
}

// Argument handling that needs no API: parsing handles and URLs, the list cursor, and the semantic checks every
// tool makes before sending a request (exercised with no client configured, so a request is impossible).
#include <catch2/catch.hpp>

#include "tool_test_support.hpp"
#include "tools/account_handle.hpp"
#include "tools/list_cursor.hpp"
#include "tools/tool_support.hpp"

using ca::Json;
using ca::tools::ToolContext;
using ca::tools::testing::call_tool;

namespace {

std::string error_of(const std::string& tool, const Json& arguments) {
  ToolContext context;  // client == nullptr
  const auto result = call_tool(tool, arguments, context);
  REQUIRE(result.is_error);
  return result.error_message;
}

}  // namespace

TEST_CASE("parse_profile_reference accepts handles, @handles and profile URLs", "[arguments]") {
  using ca::tools::parse_profile_reference;
  const auto check = [](const std::string& input, std::optional<std::string> platform, const std::string& want_platform,
                        const std::string& want_username) {
    INFO(input);
    const auto parsed = parse_profile_reference(input, platform);
    REQUIRE(parsed.handle);
    CHECK(parsed.handle->platform == want_platform);
    CHECK(parsed.handle->username == want_username);
  };
  check("natgeo", "instagram", "instagram", "natgeo");
  check("@Khaby.Lame", "tiktok", "tiktok", "khaby.lame");
  check("https://www.instagram.com/natgeo/", std::nullopt, "instagram", "natgeo");
  check("https://www.instagram.com/natgeo/?hl=en&igsh=abc", std::nullopt, "instagram", "natgeo");
  check("https://instagram.com/natgeo", "instagram", "instagram", "natgeo");
  check("https://www.tiktok.com/@khaby.lame", std::nullopt, "tiktok", "khaby.lame");
  check("https://www.tiktok.com/@khaby.lame?lang=en#top", std::nullopt, "tiktok", "khaby.lame");
  check("https://m.tiktok.com/@khaby.lame/video/123", std::nullopt, "tiktok", "khaby.lame");
  check("instagram.com/natgeo", std::nullopt, "instagram", "natgeo");
  check("  natgeo  ", "instagram", "instagram", "natgeo");
}

TEST_CASE("parse_profile_reference rejects what is not a profile, naming the argument at fault", "[arguments]") {
  using ca::tools::parse_profile_reference;
  const auto failure = [](const std::string& input, std::optional<std::string> platform) {
    const auto parsed = parse_profile_reference(input, platform);
    REQUIRE_FALSE(parsed.handle);
    return parsed;
  };
  CHECK(failure("https://www.tiktok.com/@khaby.lame", "instagram").argument == "platform");  // URL/platform mismatch
  CHECK(failure("natgeo", std::nullopt).argument == "platform");                             // bare handle needs it
  CHECK(failure("https://www.youtube.com/@natgeo", std::nullopt).argument == "username");
  CHECK(failure("https://www.instagram.com/p/Cx123/", std::nullopt).argument == "username");  // a post, not a profile
  CHECK(failure("https://www.tiktok.com/khaby.lame", std::nullopt).argument == "username");   // TikTok needs the @
  CHECK(failure("nat geo", "instagram").argument == "username");
  CHECK(failure("ftp://instagram.com/natgeo", std::nullopt).argument == "username");
}

TEST_CASE("parse_platform_handle reads platform:username with an optional @", "[arguments]") {
  using ca::tools::parse_platform_handle;
  REQUIRE(parse_platform_handle("tiktok:@Khaby.Lame"));
  CHECK(parse_platform_handle("tiktok:@Khaby.Lame")->username == "khaby.lame");
  CHECK(parse_platform_handle("instagram:natgeo")->platform == "instagram");
  CHECK_FALSE(parse_platform_handle("youtube:natgeo"));
  CHECK_FALSE(parse_platform_handle("natgeo"));
  CHECK_FALSE(parse_platform_handle("instagram:"));
}

TEST_CASE("a list cursor round-trips and its fingerprint follows the listing: path, filters and sort",
          "[arguments][cursor]") {
  using namespace ca::tools;
  const ca::api::Query tiktok = {{"platform", "tiktok"}, {"order_by", "added_at"}, {"order_direction", "desc"}};
  ca::api::Query other_sort = tiktok;
  other_sort[1].second = "username";
  ca::api::Query paused = tiktok;
  paused.emplace_back("is_active", "false");
  CHECK(list_fingerprint("/accounts", tiktok) == list_fingerprint("/accounts", tiktok));
  CHECK(list_fingerprint("/accounts", tiktok) != list_fingerprint("/accounts", other_sort));
  CHECK(list_fingerprint("/accounts", tiktok) != list_fingerprint("/accounts", paused));
  CHECK(list_fingerprint("/accounts", tiktok) != list_fingerprint("/videos", tiktok));  // another list tool
  // Length-prefixed: moving text between a name and a value changes the fingerprint.
  CHECK(list_fingerprint("/a", {{"q", "x;y=z"}}) != list_fingerprint("/a", {{"q", "x"}, {"y", "z"}}));

  const ListCursor cursor{std::string("eyJhIjoiYiJ9"), 17, list_fingerprint("/accounts", tiktok)};
  const auto decoded = decode_cursor(encode_cursor(cursor));
  REQUIRE(decoded);
  CHECK(decoded->api_cursor == cursor.api_cursor);
  CHECK(decoded->skip == 17);
  CHECK(decoded->fingerprint == cursor.fingerprint);
  CHECK_FALSE(decode_cursor("not a cursor!"));
  CHECK_FALSE(decode_cursor("eyJhIjoiYiJ9"));  // an API cursor, not one of ours
  CHECK_FALSE(decode_cursor("0123456789abcdef.x.abc"));
  const auto first_page = decode_cursor(encode_cursor(ListCursor{std::nullopt, 0, cursor.fingerprint}));
  REQUIRE(first_page);
  CHECK_FALSE(first_page->api_cursor);
}

TEST_CASE("list_accounts rejects a cursor issued for other filters before any request", "[arguments][cursor]") {
  using namespace ca::tools;
  // The listing list_accounts {"platform":"tiktok"} asks for: its filters in table order, schema defaults included.
  const ca::api::Query issued_for = {{"platform", "tiktok"}, {"order_by", "added_at"}, {"order_direction", "desc"}};
  const std::string cursor = encode_cursor(ListCursor{std::string("abc"), 0, list_fingerprint("/accounts", issued_for)});
  const auto message = error_of("list_accounts", {{"platform", "instagram"}, {"cursor", cursor}});
  CHECK_THAT(message, Catch::Contains("`cursor`") && Catch::Contains("different filters"));
  CHECK_THAT(error_of("list_accounts", {{"cursor", "garbage"}}), Catch::Contains("`cursor`"));
  // The same filters get past the cursor check and stop only at the missing key.
  CHECK_THAT(error_of("list_accounts", {{"platform", "tiktok"}, {"cursor", cursor}}),
             Catch::Contains("CREATORAUDIT_API_KEY"));
  // A skip past the largest page is not a cursor this tool issued.
  const std::string past = encode_cursor(ListCursor{std::string("abc"), 200, list_fingerprint("/accounts", issued_for)});
  CHECK_THAT(error_of("list_accounts", {{"platform", "tiktok"}, {"cursor", past}}), Catch::Contains("not a next_cursor"));
}

TEST_CASE("get_metrics checks ids and custom dates before any request", "[arguments]") {
  CHECK_THAT(error_of("get_metrics", Json::object()), Catch::Contains("at least one id"));
  const Json id = {"0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"};
  CHECK_THAT(error_of("get_metrics", {{"account_ids", id}, {"period", "custom"}, {"end_date", "2026-06-30"}}),
             Catch::Contains("`start_date`") && Catch::Contains("required when period is custom") &&
                 Catch::Contains("2026-06-01"));
  CHECK_THAT(error_of("get_metrics", {{"account_ids", id}, {"period", "custom"}, {"start_date", "2026-06-01"}}),
             Catch::Contains("`end_date`"));
  CHECK_THAT(error_of("get_metrics", {{"account_ids", id}, {"start_date", "2026-06-01"}}),
             Catch::Contains("`start_date`") && Catch::Contains("only allowed with period custom"));
  CHECK_THAT(
      error_of("get_metrics",
               {{"account_ids", id}, {"period", "custom"}, {"start_date", "2026-07-01"}, {"end_date", "2026-06-01"}}),
      Catch::Contains("must not be after end_date"));
  // Schema-level rules come from the validator, with the example from the schema.
  CHECK_THAT(error_of("get_metrics", {{"account_ids", {"not-a-uuid"}}}), Catch::Contains("account_ids[0]"));
  CHECK_THAT(error_of("get_metrics", {{"accounts", {"youtube:natgeo"}}}), Catch::Contains("accounts[0]"));
  CHECK_THAT(error_of("get_metrics", {{"account_ids", id}, {"start_date", "2026-02-30"}, {"period", "custom"}}),
             Catch::Contains("start_date"));
}

TEST_CASE("add_account explains a URL whose platform contradicts the platform argument", "[arguments]") {
  const auto message =
      error_of("add_account", {{"username", "https://www.tiktok.com/@khaby.lame"}, {"platform", "instagram"}});
  CHECK_THAT(message, Catch::Contains("`platform`") && Catch::Contains("tiktok URL"));
  CHECK_THAT(error_of("add_account", {{"username", "natgeo"}}),
             Catch::Contains("`platform`") && Catch::Contains("required"));
  CHECK_THAT(error_of("add_account", {{"username", "natgeo"}, {"platform", "instagram"}, {"wait_seconds", 500}}),
             Catch::Contains("wait_seconds"));
}

TEST_CASE("every tool explains how to configure the key when there is no client", "[arguments]") {
  const std::pair<const char*, Json> calls[] = {
      {"list_accounts", Json::object()},
      {"get_metrics", {{"account_ids", {"0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"}}}},
      {"add_account", {{"username", "natgeo"}, {"platform", "instagram"}}},
      {"whoami", Json::object()}};
  for (const auto& [tool, arguments] : calls) {
    INFO(tool);
    const auto message = error_of(tool, arguments);
    CHECK_THAT(message, Catch::Contains("CREATORAUDIT_API_KEY") && Catch::Contains("CREATORAUDIT_API_KEY_FILE"));
  }
}

TEST_CASE("integer arguments sent as 5.0 are read as integers", "[arguments]") {
  CHECK(ca::tools::optional_integer(Json{{"max_results", 5.0}}, "max_results") == 5);
  CHECK(ca::tools::optional_integer(Json{{"max_results", 7}}, "max_results") == 7);
  CHECK_FALSE(ca::tools::optional_integer(Json::object(), "max_results"));
}

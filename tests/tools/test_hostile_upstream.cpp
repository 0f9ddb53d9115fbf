// Issue 8 items 5 and 6: whatever the upstream sends — wrong types, nulls, negative, fractional or huge counts,
// missing fields, keys and ids nobody asked for, very long strings, control and bidi characters, invalid UTF-8,
// hostile error bodies — every tool answers with a result that satisfies its own output schema, or an isError
// text the model can read; never "failed unexpectedly", never a result the client would reject, and nothing from
// the upstream reaches the model unsanitized. call_tool (tool_test_support) checks the schema and the texts;
// expect_clean checks the bytes.
#include <catch2/catch.hpp>

#include "canned_upstream.hpp"
#include "common/utf8.hpp"
#include "tool_test_support.hpp"
#include "tools/sanitize.hpp"

using ca::Json;
using ca::tools::ToolContext;
using ca::tools::ToolRegistry;
using ca::tools::ToolResult;
using ca::tools::testing::CannedResponse;
using ca::tools::testing::CannedUpstream;

namespace {

constexpr const char* kId = "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b";
constexpr const char* kOtherId = "1c4e3d25-ab7e-4f2f-9c3b-2d3e4f5a6b7c";

// Values that fit no field's schema, or fit only by accident, or are hostile text.
const std::vector<Json>& hostile_values() {
  static const std::vector<Json> values = {
      nullptr,
      true,
      "12",
      "",
      -1,
      Json(std::numeric_limits<std::int64_t>::min()),
      1.5,
      -0.5,
      1e300,
      Json(std::numeric_limits<std::uint64_t>::max()),
      Json(std::int64_t{9'007'199'254'740'993}),
      Json::array({1, "a"}),
      Json::object({{"k", "v"}}),
      std::string(100'000, 'x'),
      "\u202eevil\u202c \x1b[31mred\x1b[0m\r\nInjected: line\u0007\u200b\ufeff",
      "instagram",
      "not-a-uuid",
      "2026-02-30",
  };
  return values;
}

Json good_account(const std::string& id = kId, const std::string& username = "natgeo") {
  return {{"id", id},
          {"type", "account"},
          {"platform", "instagram"},
          {"username", username},
          {"name", "National Geographic"},
          {"description", "Experience the world"},
          {"profile_pic_url", "https://example.com/p.jpg"},
          {"is_verified", true},
          {"is_active", true},
          {"is_unavailable", false},
          {"link_in_bio", "https://natgeo.com"},
          {"creator_id", kOtherId},
          {"creator_name", "NatGeo Society"},
          {"category", "travel"},
          {"metadata", {{"team", "north"}}},
          {"added_at", "2026-06-01T00:00:00Z"},
          {"first_scrape_time", "2026-06-01T00:05:00Z"},
          {"last_scrape_time", "2026-06-14T09:30:00Z"},
          {"scrape_interval_hours", 24},
          {"follower_count", 1000},
          {"following_count", 10},
          {"profile_post_count", 5},
          {"total_post_count", 6},
          {"view_count", 2000},
          {"like_count", 100},
          {"comment_count", 20},
          {"share_count", 3},
          {"play_count", 1800},
          {"saved_count", 4},
          {"fb_play_count", 0},
          {"ig_play_count", 1800},
          {"fb_like_count", 0},
          {"effective_max_recent_posts_per_account", 50},
          {"effective_post_lookback_days", 90}};
}

// A vector, not a Json: nlohmann reads a one-element brace list as a copy of that element, not an array.
Json page_of(const std::vector<Json>& items) {
  return {{"data", Json(items)}, {"pagination", {{"has_next", false}, {"next_cursor", nullptr}, {"limit", 50}}}};
}

// A code point sanitize_text removes: nothing like it may reach the model.
bool is_forbidden(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200B || cp == 0x200E ||
         cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

void expect_clean_text(const std::string& text, std::size_t max_bytes, const std::string& where) {
  INFO(where << ": " << text.substr(0, 200));
  CHECK(text.size() <= max_bytes);
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t length = ca::utf8_sequence_length(text, i, &cp);
    REQUIRE(length > 0);  // well-formed UTF-8
    CHECK_FALSE(is_forbidden(cp));
    i += length;
  }
}

// Every string and key in a result: well-formed, no control or bidi characters, bounded.
void expect_clean(const Json& value, const std::string& path = "$") {
  if (value.is_string()) {
    // Our own texts (notes, hints, cursors) may be longer than one upstream field, never unbounded.
    expect_clean_text(value.get<std::string>(), 8 * ca::tools::kMaxUpstreamTextBytes, path);
  } else if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      expect_clean_text(key, ca::tools::kMaxUpstreamTextBytes, path + " key");
      expect_clean(child, path + "." + key);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) expect_clean(value[i], path + "[" + std::to_string(i) + "]");
  }
}

// A result or an error, both clean.
void expect_clean(const ToolResult& result) {
  if (result.is_error) {
    expect_clean_text(result.error_message, 16 * ca::tools::kMaxUpstreamTextBytes, "error text");
  } else {
    expect_clean(result.structured);
  }
}

struct Harness {
  CannedUpstream upstream;
  std::unique_ptr<ca::api::Client> client = upstream.client();
  ToolRegistry registry = ca::tools::build_product_registry(client.get());
  ToolContext context;

  Harness() { context.clock = &upstream.clock; }

  ToolResult call(const std::string& tool, const Json& arguments) {
    ToolResult result = ca::tools::testing::call_tool(registry, tool, arguments, context);
    expect_clean(result);
    return result;
  }
};

// Problem bodies no API should send: every text member hostile, thousands of field errors.
std::vector<CannedResponse> hostile_problems() {
  const std::string evil = "\u202edlrow\u202c\x1b]0;title\x07\r\nX-Forged: yes\t" + std::string(5000, 'y');
  Json many = Json::array();
  for (int i = 0; i < 200; ++i) many.push_back({{"field", evil}, {"message", evil}});
  const Json problem = {{"type", "urn:creatoraudit:error:not-found"},
                        {"title", evil},
                        {"status", 404},
                        {"detail", evil},
                        {"code", evil},
                        {"instance", evil},
                        {"request_id", evil},
                        {"errors", many}};
  Json wrong_types = problem;
  for (const char* key : {"title", "detail", "code", "request_id"}) wrong_types[key] = Json::array({1, 2});
  wrong_types["errors"] = "everything";
  return {
      {404, ca::dump_compact(problem), {{"Content-Type", "application/problem+json"}, {"X-Request-ID", "\x1b[2Jrid"}}},
      {422, ca::dump_compact(problem), {{"Content-Type", "application/problem+json"}}},
      {409, ca::dump_compact(wrong_types), {{"Content-Type", "application/problem+json"}}},
      {404, "\xff\xfe not json \x1b", {{"Content-Type", "application/problem+json"}}},
      {429, "", {{"Retry-After", "\x1b[31m"}}},
  };
}

// Bodies of a 200 that are not what any endpoint promises.
std::vector<std::string> broken_success_bodies() {
  return {"", "null", "[]", "\"data\"", "{\"data\":null}", "{\"data\":\"x\"}", "{\"data\":[1,\"a\",null,{}]}",
          "{\"data\":{\"name\":\"\xff\xfe\"}}", "{\"data\": {", "{\"data\":{}}", "{\"data\":[],\"pagination\":7}"};
}

}  // namespace

TEST_CASE("list_accounts maps every hostile account field to a result that honours its schema", "[hostile]") {
  Harness h;
  const std::vector<std::string> fields = [] {
    std::vector<std::string> names;
    const Json account = good_account();
    for (const auto& [name, value] : account.items()) names.push_back(name);
    return names;
  }();
  for (const auto& field : fields) {
    for (const auto& value : hostile_values()) {
      Json broken = good_account();
      broken[field] = value;
      h.upstream.on_json("GET", "/accounts", page_of({broken, good_account(kOtherId, "other")}));
      const auto result = h.call("list_accounts", {{"fields", {"all"}}});
      INFO(field << " = " << ca::dump_compact(value).substr(0, 100));
      REQUIRE_FALSE(result.is_error);
      const auto returned = result.structured["returned"].get<int>();
      const bool identifying = field == "id" || field == "platform" || field == "username";
      if (identifying && returned == 1) {
        CHECK_THAT(result.structured["note"].get<std::string>(), Catch::Contains("1 accounts from the API were left out"));
      } else {
        CHECK(returned == 2);
      }
    }
  }
  // Removing a field is the same as sending null.
  for (const auto& field : fields) {
    Json missing = good_account();
    missing.erase(field);
    h.upstream.on_json("GET", "/accounts", page_of({missing}));
    h.call("list_accounts", {{"fields", {"all"}}});
  }
}

TEST_CASE("list_accounts survives broken pages and pagination", "[hostile]") {
  Harness h;
  for (const auto& body : broken_success_bodies()) {
    h.upstream.on("GET", "/accounts", {200, body, {{"Content-Type", "application/json"}}});
    h.call("list_accounts", Json::object());
  }
  const std::vector<Json> paginations = {
      {{"has_next", "yes"}, {"next_cursor", 5}},
      {{"has_next", true}, {"next_cursor", nullptr}},
      {{"has_next", true}, {"next_cursor", std::string(100'000, 'c')}},
      {{"has_next", true}, {"next_cursor", "\u202e\x1b\r\n"}},
      Json::array(),
  };
  for (const auto& pagination : paginations) {
    h.upstream.on_json("GET", "/accounts", {{"data", Json::array({good_account()})}, {"pagination", pagination}});
    const auto result = h.call("list_accounts", {{"max_results", 1}});
    REQUIRE_FALSE(result.is_error);
    if (result.structured.contains("next_cursor")) {
      CHECK(result.structured["next_cursor"].get<std::string>().size() <= 4096);  // it must fit back into cursor
    }
  }
  for (const auto& problem : hostile_problems()) {
    h.upstream.on("GET", "/accounts", problem);
    CHECK(h.call("list_accounts", Json::object()).is_error);
  }
}

TEST_CASE("get_metrics maps hostile metrics, windows, keys and not_found lists within its schema", "[hostile]") {
  Harness h;
  const Json good_values = {{"views", 1000}, {"plays", 900}, {"likes", 50}, {"comments", 5},
                            {"shares", 2},   {"engagement", 57}, {"followers", 7000}};
  const Json good_meta = {{"period", "30d"}, {"start_date", "2026-05-01"}, {"end_date", "2026-05-30"},
                          {"days", 30}, {"not_found", Json::array()}};
  const auto metrics_body = [](const Json& data, const Json& meta) { return Json{{"data", data}, {"meta", meta}}; };
  const Json arguments = {{"account_ids", {kId}}};

  for (const auto& [key, unused] : good_values.items()) {
    for (const auto& value : hostile_values()) {
      Json values = good_values;
      values[key] = value;
      h.upstream.on_json("POST", "/accounts/metrics", metrics_body({{kId, values}}, good_meta));
      const auto result = h.call("get_metrics", arguments);
      INFO(key << " = " << ca::dump_compact(value).substr(0, 100));
      REQUIRE_FALSE(result.is_error);
      CHECK(result.structured["returned"] == 1);
    }
  }
  for (const auto& value : hostile_values()) {
    INFO(ca::dump_compact(value).substr(0, 100));
    h.upstream.on_json("POST", "/accounts/metrics", metrics_body({{kId, value}}, good_meta));
    CHECK_FALSE(h.call("get_metrics", arguments).is_error);
    for (const auto& [key, unused] : good_meta.items()) {
      Json meta = good_meta;
      meta[key] = value;
      h.upstream.on_json("POST", "/accounts/metrics", metrics_body({{kId, good_values}}, meta));
      CHECK_FALSE(h.call("get_metrics", arguments).is_error);
    }
    h.upstream.on_json("POST", "/accounts/metrics", metrics_body(good_values, value));
    h.call("get_metrics", arguments);
  }
  // Rows and not_found entries for ids nobody asked for, under hostile keys, are left out and counted in a note.
  h.upstream.on_json("POST", "/accounts/metrics",
                     metrics_body({{kId, good_values},
                                   {kOtherId, good_values},
                                   {"\u202e\x1b[31m\r\nkey", good_values},
                                   {std::string(100'000, 'k'), good_values}},
                                  {{"not_found", {kOtherId, "\x1b[0m", 5, std::string(50'000, 'n')}}}));
  const auto result = h.call("get_metrics", arguments);
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["returned"] == 1);
  CHECK_FALSE(result.structured.contains("not_found"));
  CHECK_THAT(result.structured["note"].get<std::string>(), Catch::Contains("3 rows for ids that were not asked for"));

  for (const auto& body : broken_success_bodies()) {
    h.upstream.on("POST", "/accounts/metrics", {200, body, {{"Content-Type", "application/json"}}});
    h.call("get_metrics", arguments);
  }
  for (const auto& problem : hostile_problems()) {
    h.upstream.on("POST", "/accounts/metrics", problem);
    CHECK(h.call("get_metrics", arguments).is_error);
  }
}

TEST_CASE("get_metrics resolves handles against hostile listings and reads video kinds defensively", "[hostile]") {
  Harness h;
  const Json values = {{"views", 10}, {"likes", 1}, {"comments", 0}, {"shares", 0}};
  h.upstream.on_json("POST", "/accounts/metrics", {{"data", {{kId, values}}}, {"meta", {{"period", "30d"}}}});
  for (const auto& value : hostile_values()) {
    Json broken = good_account();
    broken["id"] = value;
    h.upstream.on_json("GET", "/accounts", page_of({broken}));
    const auto result = h.call("get_metrics", {{"accounts", {"instagram:natgeo"}}});
    INFO(ca::dump_compact(value).substr(0, 100));
    REQUIRE_FALSE(result.is_error);
    CHECK(result.structured["not_found"] == Json({"instagram:natgeo"}));
  }
  h.upstream.on_json("POST", "/videos/metrics", {{"data", {{kOtherId, values}, {"7", values}}}, {"meta", nullptr}});
  h.upstream.on_json("POST", "/account-videos/metrics",
                     {{"data", {{"7", values}, {"8", "x"}, {"-1", values}}}, {"meta", {{"days", -3}}}});
  const auto result =
      h.call("get_metrics", {{"video_ids", {kOtherId}}, {"instagram_post_ids", {7}}, {"tiktok_video_ids", {8}}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["returned"] == 2);
}

TEST_CASE("add_account answers within its schema whatever the create, lookup and poll responses hold", "[hostile]") {
  Harness h;
  const Json arguments = {{"username", "natgeo"}, {"platform", "instagram"}, {"wait_seconds", 0}};
  const Json account = good_account();
  for (const auto& [field, unused] : account.items()) {
    for (const auto& value : hostile_values()) {
      Json broken = good_account();
      broken[field] = value;
      broken["last_scrape_time"] = nullptr;  // pending, so a poll follows when waiting
      h.upstream.on_json("POST", "/accounts", {{"data", broken}}, 201);
      h.upstream.on_json("GET", "/accounts", page_of({good_account()}));
      h.upstream.on_json("GET", "/accounts/*", {{"data", good_account()}});
      INFO(field << " = " << ca::dump_compact(value).substr(0, 100));
      const auto created = h.call("add_account", arguments);
      REQUIRE_FALSE(created.is_error);
      CHECK(created.structured["account"]["id"] == kId);

      // The polls answer hostile data: the last good view of the account is kept.
      Json pending = good_account();
      pending["last_scrape_time"] = nullptr;
      h.upstream.on_json("POST", "/accounts", {{"data", pending}}, 201);
      h.upstream.on_json("GET", "/accounts/*", {{"data", broken}});
      const auto waited = h.call("add_account", {{"username", "natgeo"}, {"platform", "instagram"}, {"wait_seconds", 5}});
      REQUIRE_FALSE(waited.is_error);
    }
  }
  // A create whose answer carries no usable account, and a listing that does not find it either: an error.
  h.upstream.on_json("POST", "/accounts", {{"data", nullptr}}, 201);
  h.upstream.on_json("GET", "/accounts", page_of({}));
  const auto lost = h.call("add_account", arguments);
  REQUIRE(lost.is_error);
  CHECK_THAT(lost.error_message, Catch::Contains("did not include the account"));
  // A 409 with a hostile body, then a hostile listing.
  for (const auto& problem : hostile_problems()) {
    h.upstream.on("POST", "/accounts", problem);
    h.upstream.on_json("GET", "/accounts", page_of({good_account(kId, "natgeo")}));
    h.call("add_account", arguments);
    h.upstream.on("GET", "/accounts", problem);
    h.call("add_account", arguments);
  }
  for (const auto& body : broken_success_bodies()) {
    h.upstream.on("POST", "/accounts", {201, body, {{"Content-Type", "application/json"}}});
    h.upstream.on("GET", "/accounts", {200, body, {{"Content-Type", "application/json"}}});
    h.call("add_account", arguments);
  }
}

TEST_CASE("whoami reports identity and budget within its schema whatever the API says", "[hostile]") {
  Harness h;
  const Json good = {{"organization_id", "org_1"}, {"api_key_name", "ci"}};
  for (const auto& [field, unused] : good.items()) {
    for (const auto& value : hostile_values()) {
      Json data = good;
      data[field] = value;
      h.upstream.on_json("GET", "/whoami", {{"data", data}});
      const auto result = h.call("whoami", Json::object());
      INFO(field << " = " << ca::dump_compact(value).substr(0, 100));
      REQUIRE_FALSE(result.is_error);
    }
  }
  const std::vector<std::string> header_values = {"-5", "99999999999999999999", "abc", "1e300", "", "\x1b[31m",
                                                  "99999999999999", "-99999999999", "7.5"};
  for (const auto& value : header_values) {
    for (const char* header : {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}) {
      h.upstream.on("GET", "/whoami", {200, ca::dump_compact(Json{{"data", good}}), {{header, value}}});
      INFO(header << ": " << value);
      CHECK_FALSE(h.call("whoami", Json::object()).is_error);
    }
  }
  for (const auto& body : broken_success_bodies()) {
    h.upstream.on("GET", "/whoami", {200, body, {{"Content-Type", "application/json"}}});
    h.call("whoami", Json::object());
  }
  for (const auto& problem : hostile_problems()) {
    h.upstream.on("GET", "/whoami", problem);
    CHECK(h.call("whoami", Json::object()).is_error);
  }
}

TEST_CASE("an API error's upstream parts reach the model sanitized and bounded", "[hostile][sanitize]") {
  Harness h;
  h.upstream.on("GET", "/whoami", hostile_problems().front());
  const auto result = h.call("whoami", Json::object());
  REQUIRE(result.is_error);
  CHECK_THAT(result.error_message, Catch::StartsWith("CreatorAudit 404 "));
  CHECK_THAT(result.error_message, !Catch::Contains("\x1b") && !Catch::Contains("\r") && !Catch::Contains("\n"));
  CHECK_THAT(result.error_message, Catch::Contains("(request_id="));
  CHECK(result.error_message.size() < 16 * ca::tools::kMaxUpstreamTextBytes);
}

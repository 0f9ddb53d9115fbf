// The creator routes issue 10's tools read and write: one creator, its analytics, the leaderboard, PATCH and the
// account link (reference 3.8–3.11, 3.17), each against its contract: status, envelope, fields, 422s naming the
// field, 404s, scopes, ETag/304 and rate-limit headers.
#include <catch2/catch.hpp>

#include <cmath>

#include "raw_socket.hpp"
#include "sandbox/utc_time.hpp"
#include "sandbox_fixture.hpp"

using namespace ca::sandbox;
using namespace ca::sandbox::testing;

namespace {

ca::Json all_accounts(Running& s) { return Running::json(s.get("/accounts?limit=200"))["data"]; }

// The first account that no creator owns, and the first that `creator_id` does not own but another does.
std::string unlinked_account(Running& s) {
  for (const auto& a : all_accounts(s))
    if (a["creator_id"].is_null()) return a["id"];
  FAIL("no unlinked account in the seeded data");
  return {};
}

std::pair<std::string, std::string> account_of_another_creator(Running& s, const std::string& creator_id) {
  for (const auto& a : all_accounts(s))
    if (a["creator_id"].is_string() && a["creator_id"] != creator_id) return {a["id"], a["creator_id"]};
  FAIL("no account linked to another creator");
  return {};
}

// A creator with at least one linked account.
std::string creator_with_accounts(Running& s) {
  for (const auto& c : s.data("/creators?limit=200"))
    if (c["accounts_summary"]["total"].get<int>() > 0) return c["id"];
  FAIL("no creator with accounts");
  return {};
}

}  // namespace

TEST_CASE("GET /creators/{id}: the CreatorResponse of 4.4, its accounts_summary matching /accounts?creator_id",
          "[sandbox][creators]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string id = creator_with_accounts(s);
  const auto r = s.get("/creators/" + id, Running::auth(kReadOnlyKey));
  REQUIRE(r->status == 200);
  check_rate_headers(r);
  const auto body = Running::json(r);
  REQUIRE(body.size() == 1);  // single-resource envelope: {data}
  const auto& c = body["data"];
  CHECK(c["id"] == id);
  CHECK(c["type"] == "creator");
  CHECK(c["name"].is_string());
  CHECK(c["is_active"].is_boolean());
  CHECK(c["metadata"].is_object());
  const auto& summary = c["accounts_summary"];
  const auto linked = Running::json(s.get("/accounts?limit=200&include_total=true&creator_id=" + id));
  CHECK(summary["total"] == linked["pagination"]["total_count"]);
  CHECK(summary["platforms"]["instagram"].get<int>() + summary["platforms"]["tiktok"].get<int>() == summary["total"]);
  long followers = 0;
  for (const auto& a : linked["data"]) followers += a["follower_count"].get<long>();
  CHECK(summary["total_followers"] == followers);

  check_etag_round_trip(s, "/creators/" + id);
  check_problem(s.get("/creators/" + kUnknownId), 404, "NOT_FOUND", "/v2/creators/" + kUnknownId);
  const auto bad = s.get("/creators/not-a-uuid");
  check_problem(bad, 422, "VALIDATION_ERROR", "/v2/creators/not-a-uuid");
  CHECK(Running::error_field(bad) == "id");
  check_problem(s.get("/creators/" + id, Running::auth(kDisabledKey)), 403, "FORBIDDEN", "/v2/creators/" + id);
}

TEST_CASE("GET /creators/{id}/analytics: the linked accounts' own metrics added up, for the last 30 days or two dates",
          "[sandbox][creators]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string id = creator_with_accounts(s);
  const auto r = s.get("/creators/" + id + "/analytics", Running::auth(kReadOnlyKey));
  REQUIRE(r->status == 200);
  check_rate_headers(r);
  const auto body = Running::json(r);
  const auto& meta = body["meta"];
  CHECK(meta["period"] == "30d");
  CHECK(meta["days"] == 30);
  const std::string start = meta["start_date"], end = meta["end_date"];
  CHECK(*parse_date(end) == day_of(clock.wall_now()));
  const auto& d = body["data"];
  CHECK(d["type"] == "creator_analytics");
  CHECK(d["creator_id"] == id);
  for (const char* k : {"views", "plays", "likes", "comments", "shares", "engagement", "followers", "account_count"})
    CHECK(d[k].is_number_integer());
  CHECK(d["engagement"] == d["likes"].get<long>() + d["comments"].get<long>() + d["shares"].get<long>());
  CHECK(d["engagement_rate"] ==
        std::round(10000.0 * d["engagement"].get<double>() / d["views"].get<double>()) / 100);

  // The same numbers as POST /accounts/metrics over the linked accounts, for the same window.
  std::vector<std::string> linked;
  for (const auto& a : s.data("/accounts?limit=200&creator_id=" + id)) linked.push_back(a["id"]);
  CHECK(d["account_count"] == linked.size());
  const auto per_account = Running::json(s.post("/accounts/metrics", {{"account_ids", linked}, {"period", "custom"},
                                                                      {"start_date", start}, {"end_date", end}}));
  long views = 0, followers = 0;
  for (const auto& [key, m] : per_account["data"].items()) {
    views += m["views"].get<long>();
    followers += m["followers"].get<long>();
  }
  CHECK(d["views"] == views);
  CHECK(d["followers"] == followers);

  // Explicit dates: a custom window with the metrics' rules.
  const auto week = Running::json(s.get("/creators/" + id + "/analytics?start_date=" + format_date(*parse_date(end) - 6) +
                                        "&end_date=" + end));
  CHECK(week["meta"]["period"] == "custom");
  CHECK(week["meta"]["days"] == 7);
  CHECK(week["data"]["views"].get<long>() <= d["views"].get<long>());
  check_etag_round_trip(s, "/creators/" + id + "/analytics?start_date=" + start + "&end_date=" + end);

  const auto field_of = [&](const std::string& query) {
    const auto bad = s.get("/creators/" + id + "/analytics?" + query);
    INFO(query);
    REQUIRE(bad->status == 422);
    return Running::error_field(bad);
  };
  CHECK(field_of("end_date=" + end) == "start_date");
  CHECK(field_of("start_date=" + start) == "end_date");
  CHECK(field_of("start_date=" + end + "&end_date=" + start) == "start_date");
  CHECK(field_of("start_date=2024-01-01&end_date=2025-06-01") == "end_date");  // more than 366 days
  CHECK(field_of("start_date=" + start + "&end_date=2999-01-01") == "end_date");  // the future
  CHECK(field_of("start_date=01/02/2025&end_date=" + end) == "start_date");
  CHECK(Running::error_field(s.get("/creators/nope/analytics")) == "id");
  check_problem(s.get("/creators/" + kUnknownId + "/analytics"), 404, "NOT_FOUND",
                "/v2/creators/" + kUnknownId + "/analytics");
}

TEST_CASE("analytics of a creator without accounts: zeros, engagement_rate null", "[sandbox][creators]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string id = Running::json(s.post("/creators", {{"name", "Nobody Yet"}}))["data"]["id"];
  const auto d = Running::json(s.get("/creators/" + id + "/analytics"))["data"];
  CHECK(d["views"] == 0);
  CHECK(d["account_count"] == 0);
  CHECK(d["engagement_rate"].is_null());
}

TEST_CASE("GET /creators/top: ranked by views, limit 1-25, periods 7d/30d/90d, agreeing with analytics",
          "[sandbox][creators]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto r = s.get("/creators/top?period=30d&limit=25");
  REQUIRE(r->status == 200);
  check_rate_headers(r);
  const auto body = Running::json(r);
  const auto& top = body["data"];
  REQUIRE(top.size() == 12);  // every creator of the small data set, archived ones too
  for (std::size_t i = 0; i < top.size(); ++i) {
    CHECK(top[i]["rank"] == i + 1);
    CHECK(top[i]["type"] == "creator");
    for (const char* k : {"id", "name", "views", "plays", "likes", "comments", "shares", "engagement",
                          "engagement_rate", "followers", "account_count"})
      CHECK(top[i].contains(k));
    if (i > 0) CHECK(top[i - 1]["views"].get<long>() >= top[i]["views"].get<long>());
  }
  CHECK(body["meta"]["limit"] == 25);
  CHECK(body["meta"]["days"] == 30);
  const auto leader = Running::json(s.get("/creators/" + top[0]["id"].get<std::string>() + "/analytics"))["data"];
  CHECK(leader["views"] == top[0]["views"]);
  CHECK(leader["followers"] == top[0]["followers"]);
  CHECK(leader["account_count"] == top[0]["account_count"]);

  CHECK(Running::json(s.get("/creators/top"))["meta"]["limit"] == 10);
  CHECK(Running::json(s.get("/creators/top"))["meta"]["period"] == "30d");
  CHECK(Running::json(s.get("/creators/top?limit=1"))["data"].size() == 1);
  for (const char* period : {"7d", "90d"}) CHECK(Running::json(s.get(std::string("/creators/top?period=") + period))["meta"]["period"] == period);
  for (const char* bad : {"0", "26", "x"}) CHECK(Running::error_field(s.get(std::string("/creators/top?limit=") + bad)) == "limit");
  CHECK(Running::error_field(s.get("/creators/top?period=custom")) == "period");
  check_etag_round_trip(s, "/creators/top?limit=5");
}

TEST_CASE("PATCH /creators/{id}: name, is_active and metadata as a replacement; null and absent leave a field alone",
          "[sandbox][creators][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string id = creator_with_accounts(s);
  const std::string etag = s.get("/creators/" + id)->get_header_value("ETag");

  auto r = s.patch("/creators/" + id, {{"name", "Renamed Studio"}, {"metadata", {{"tier", "gold"}, {"region", "emea"}}}});
  REQUIRE(r->status == 200);
  check_rate_headers(r);
  auto c = Running::json(r)["data"];
  CHECK(c["type"] == "creator");
  CHECK(c["name"] == "Renamed Studio");
  CHECK(c["metadata"] == ca::Json{{"tier", "gold"}, {"region", "emea"}});
  CHECK(c.contains("accounts_summary"));
  // The change shows everywhere: the creator's own GET (a new ETag) and its accounts' creator_name.
  CHECK(s.get("/creators/" + id, Running::auth(kKey, {{"If-None-Match", etag}}))->status == 200);
  for (const auto& a : s.data("/accounts?limit=200&creator_id=" + id))
    CHECK(a["creator_name"] == "Renamed Studio");

  c = Running::json(s.patch("/creators/" + id, {{"metadata", {{"campaign", "spring"}}}, {"name", nullptr}}))["data"];
  CHECK(c["metadata"] == ca::Json{{"campaign", "spring"}});  // replaced, not merged
  CHECK(c["name"] == "Renamed Studio");                    // null: unchanged

  c = Running::json(s.patch("/creators/" + id, {{"is_active", false}}))["data"];
  CHECK(c["is_active"] == false);
  bool archived = false;
  for (const auto& x : s.data("/creators?limit=200&is_active=false")) archived |= x["id"] == id;
  CHECK(archived);
  CHECK(Running::json(s.patch("/creators/" + id, ca::Json::object()))["data"] == c);  // nothing to change

  // The limit is 255 characters, not bytes.
  std::string long_emoji;
  for (int i = 0; i < 255; ++i) long_emoji += "\xF0\x9F\x8E\xAC";  // 1,020 bytes
  CHECK(s.patch("/creators/" + id, {{"name", long_emoji}})->status == 200);
  CHECK(s.patch("/creators/" + id, {{"name", std::string(255, 'x')}})->status == 200);
}

TEST_CASE("PATCH /creators/{id}: 422 naming the field, 404, 403 without write, 415 and 400; no Idempotency-Key",
          "[sandbox][creators][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string id = s.sandbox.first_creator_id(), path = "/creators/" + s.sandbox.first_creator_id();
  const auto field_of = [&](const ca::Json& body) {
    const auto r = s.patch(path, body);
    INFO(ca::dump_compact(body));
    REQUIRE(r->status == 422);
    check_rate_headers(r);
    return Running::error_field(r);
  };
  ca::Json too_many = ca::Json::object();
  for (int i = 0; i < 21; ++i) too_many["k" + std::to_string(i)] = "v";
  CHECK(field_of({{"name", ""}}) == "name");
  CHECK(field_of({{"name", std::string(256, 'n')}}) == "name");
  CHECK(field_of({{"name", 42}}) == "name");
  CHECK(field_of({{"is_active", "yes"}}) == "is_active");
  CHECK(field_of({{"metadata", "tier=gold"}}) == "metadata");
  CHECK(field_of({{"metadata", too_many}}) == "metadata");
  CHECK(field_of({{"metadata", {{"tier", 1}}}}) == "metadata");
  CHECK(field_of({{"metadata", {{"tier", std::string(256, 'v')}}}}) == "metadata");
  CHECK(field_of(ca::Json::array()) == "body");
  CHECK(Running::error_field(s.patch("/creators/not-a-uuid", {{"name", "x"}})) == "id");
  check_problem(s.patch("/creators/" + kUnknownId, {{"name", "x"}}), 404, "NOT_FOUND", "/v2/creators/" + kUnknownId);
  check_problem(s.patch(path, {{"name", "x"}}, Running::auth(kReadOnlyKey)), 403, "INSUFFICIENT_SCOPE", "/v2" + path);
  check_problem(s.client->Patch(("/v2" + path).c_str(), Running::auth(), "name=x", "text/plain"), 415,
                "UNSUPPORTED_MEDIA_TYPE", "/v2" + path);
  check_problem(s.client->Patch(("/v2" + path).c_str(), Running::auth(), "{", "application/json"), 400, "BAD_REQUEST",
                "/v2" + path);

  // Idempotency-Key belongs to the creates only: a PATCH with a reused key is applied, never replayed or refused.
  const auto headers = Running::auth(kKey, {{"Idempotency-Key", "patch-1"}});
  CHECK(Running::json(s.patch(path, {{"name", "First"}}, headers))["data"]["name"] == "First");
  const auto second = s.patch(path, {{"name", "Second"}}, headers);
  REQUIRE(second->status == 200);
  CHECK(Running::json(second)["data"]["name"] == "Second");
  CHECK_FALSE(second->has_header("Idempotent-Replayed"));
  CHECK(Running::json(s.get("/creators/" + id))["data"]["name"] == "Second");
}

TEST_CASE("PUT /creators/{creator_id}/accounts/{account_id}: 201 + Location, then 200, 409 for another's account, 404s",
          "[sandbox][creators][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string creator = s.sandbox.first_creator_id(), account = unlinked_account(s);
  const std::string path = "/creators/" + creator + "/accounts/" + account;
  const long before = Running::json(s.get("/creators/" + creator))["data"]["accounts_summary"]["total"];

  const auto first = s.put(path);
  REQUIRE(first->status == 201);
  check_rate_headers(first);
  CHECK(first->get_header_value("Location") == "/v2" + path);
  const auto link = Running::json(first)["data"];
  CHECK(link["type"] == "creator_account_link");
  CHECK(link["creator_id"] == creator);
  CHECK(link["account_id"] == account);
  CHECK(*parse_date(link["linked_at"].get<std::string>().substr(0, 10)) == day_of(clock.wall_now()));
  const auto a = Running::json(s.get("/accounts/" + account))["data"];
  CHECK(a["creator_id"] == creator);
  CHECK(a["creator_name"] == Running::json(s.get("/creators/" + creator))["data"]["name"]);
  CHECK(Running::json(s.get("/creators/" + creator))["data"]["accounts_summary"]["total"] == before + 1);

  const auto again = s.put(path);  // idempotent re-link
  REQUIRE(again->status == 200);
  CHECK(Running::json(again)["data"] == link);
  CHECK_FALSE(again->has_header("Location"));

  const auto [owned, owner] = account_of_another_creator(s, creator);
  const auto conflict = s.put("/creators/" + creator + "/accounts/" + owned);
  check_problem(conflict, 409, "CONFLICT", "/v2/creators/" + creator + "/accounts/" + owned);
  CHECK(Running::json(conflict)["existing_creator_id"] == owner);
  CHECK(Running::json(s.get("/accounts/" + owned))["data"]["creator_id"] == owner);  // unchanged

  check_problem(s.put("/creators/" + kUnknownId + "/accounts/" + account), 404, "NOT_FOUND",
                "/v2/creators/" + kUnknownId + "/accounts/" + account);
  check_problem(s.put("/creators/" + creator + "/accounts/" + kUnknownId), 404, "NOT_FOUND",
                "/v2/creators/" + creator + "/accounts/" + kUnknownId);
  CHECK(Running::error_field(s.put("/creators/nope/accounts/" + account)) == "creator_id");
  CHECK(Running::error_field(s.put("/creators/" + creator + "/accounts/nope")) == "account_id");
  check_problem(s.put(path, Running::auth(kReadOnlyKey)), 403, "INSUFFICIENT_SCOPE", "/v2" + path);
  check_problem(s.put(path, Running::auth(kDisabledKey)), 403, "FORBIDDEN", "/v2" + path);
}

TEST_CASE("a PUT without Content-Length (curl -X PUT) has no body and is served", "[sandbox][creators][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string path = "/v2/creators/" + s.sandbox.first_creator_id() + "/accounts/" + unlinked_account(s);
  // httplib's client adds Content-Length: 0 to a bodiless PUT; this is the request as curl sends it.
  const auto reply = raw_exchange(s.sandbox.port(), "PUT " + path +
                                                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                                                        "sandbox-key\r\nConnection: close\r\n\r\n");
  CHECK(reply.bytes.rfind("HTTP/1.1 201 Created\r\n", 0) == 0);
}

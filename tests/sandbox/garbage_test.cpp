// The garbage-body fault: each kind as a pure transformation, then on the wire — a well-framed 2xx whose body is
// not JSON or JSON of the wrong shape, with an ETag that matches what was sent, for a count or a probability.
#include <catch2/catch.hpp>
#include <limits>
#include <set>

#include "sandbox/faults.hpp"
#include "sandbox/garbage_body.hpp"
#include "sandbox_fixture.hpp"

using namespace ca::sandbox;
using namespace ca::sandbox::testing;

namespace {

const std::string kList =
    R"({"data":[{"id":"a","type":"account","follower_count":12,"is_active":true},{"id":"b","type":"account","follower_count":7,"is_active":false}],"pagination":{"has_next":false,"limit":2,"next_cursor":null},"filters":{}})";

ca::Json garbled(GarbageBody kind) { return ca::Json::parse(garbage_body(kind, kList)); }

void collect_numbers(const ca::Json& v, std::vector<ca::Json>& out) {
  if (v.is_number()) out.push_back(v);
  if (v.is_structured())
    for (const auto& child : v) collect_numbers(child, out);
}

}  // namespace

TEST_CASE("each garbage kind rewrites a body as documented", "[sandbox][faults][garbage]") {
  CHECK(ca::Json::parse(garbage_body(GarbageBody::NotJson, kList), nullptr, false).is_discarded());

  const auto as_string = garbled(GarbageBody::DataString);
  REQUIRE(as_string["data"].is_string());
  CHECK(ca::Json::parse(as_string["data"].get<std::string>()) == ca::Json::parse(kList)["data"]);
  CHECK(as_string["pagination"]["limit"] == 2);

  const auto strings = garbled(GarbageBody::NumbersAsStrings);
  CHECK(strings["data"][0]["follower_count"] == "12");
  CHECK(strings["pagination"]["limit"] == "2");
  std::vector<ca::Json> numbers;
  collect_numbers(strings, numbers);
  CHECK(numbers.empty());

  const auto nulls = garbled(GarbageBody::Nulls);
  CHECK(nulls["data"][0] == ca::Json{{"id", nullptr}, {"type", nullptr}, {"follower_count", nullptr}, {"is_active", nullptr}});
  CHECK(nulls["pagination"]["limit"] == 2);  // only data is nulled

  const auto extreme = garbled(GarbageBody::ExtremeNumbers);
  numbers.clear();
  collect_numbers(extreme, numbers);
  REQUIRE(numbers.size() == 3);
  CHECK(numbers[0] == -1);
  CHECK(numbers[1] == std::numeric_limits<std::int64_t>::min());
  CHECK(numbers[2] == std::numeric_limits<std::uint64_t>::max());

  const auto missing = garbled(GarbageBody::MissingFields);
  CHECK(missing["data"][0] == ca::Json{{"id", "a"}, {"follower_count", 12}});

  const auto swapped = garbled(GarbageBody::WrongContainers);
  REQUIRE(swapped["data"].is_object());
  CHECK(swapped["data"]["1"]["id"] == "b");
  CHECK(ca::Json::parse(garbage_body(GarbageBody::WrongContainers, R"({"data":{"type":"whoami"}})"))["data"] ==
        ca::Json::array({"whoami"}));
}

TEST_CASE("garbage bodies on the wire: a 200 with the wrong body, its own ETag, for a count", "[sandbox][faults][garbage]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto normal = s.get("/accounts?limit=3");
  s.sandbox.garbage_bodies(GarbageBody::Nulls, 2);
  const auto first = s.get("/accounts?limit=3");
  REQUIRE(first->status == 200);
  CHECK(first->get_header_value("Content-Type") == "application/json");
  CHECK(first->body == garbage_body(GarbageBody::Nulls, normal->body));
  CHECK(Running::json(first)["data"][0]["id"].is_null());
  CHECK(s.sandbox.request_log().back().fault == "garbage:nulls");
  CHECK(first->get_header_value("ETag") != normal->get_header_value("ETag"));
  const auto second = s.get("/accounts?limit=3");
  CHECK(second->body == first->body);
  CHECK(s.get("/accounts?limit=3")->body == normal->body);  // the count of 2 is spent

  // The garbled body's ETag names that body, so revalidating with it brings the real representation back
  // instead of a 304 that would pin the garbage.
  s.sandbox.garbage_bodies(GarbageBody::Nulls, 1);
  const std::string garbled_etag = s.get("/accounts?limit=3")->get_header_value("ETag");
  const auto revalidated = s.get("/accounts?limit=3", Running::auth(kKey, {{"If-None-Match", garbled_etag}}));
  REQUIRE(revalidated->status == 200);
  CHECK(revalidated->body == normal->body);

  // Errors do not spend the count; the count then runs out.
  s.sandbox.garbage_bodies(GarbageBody::NotJson, 1);
  CHECK(s.get("/accounts/not-a-uuid")->status == 422);
  CHECK(ca::Json::parse(s.get("/accounts?limit=3")->body, nullptr, false).is_discarded());
  CHECK(s.get("/accounts?limit=3")->body == normal->body);
  CHECK(s.get("/accounts?limit=3", Running::auth(kKey, {{"If-None-Match", normal->get_header_value("ETag")}, {"Connection", "close"}}))->status == 304);
}

TEST_CASE("a garbled create still creates: the account exists once", "[sandbox][faults][garbage]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.garbage_bodies(GarbageBody::DataString, 1, "/v2/accounts");
  const auto r = s.post("/accounts", {{"platform", "tiktok"}, {"username", "garbled.create"}});
  REQUIRE(r->status == 201);
  CHECK(Running::json(r)["data"].is_string());
  CHECK(s.sandbox.account_count() == 121);
  CHECK(s.post("/accounts", {{"platform", "tiktok"}, {"username", "garbled.create"}})->status == 409);
}

TEST_CASE("garbage by probability, with a seeded pick of the kind", "[sandbox][faults][garbage]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.set_garbage_probability(1.0);
  std::set<std::string> kinds;
  for (int i = 0; i < 30; ++i) {
    REQUIRE(s.get("/whoami")->status == 200);
    const std::string fault = s.sandbox.request_log().back().fault;
    REQUIRE(fault.rfind("garbage:", 0) == 0);
    kinds.insert(fault);
  }
  CHECK(kinds.size() == 7);  // every kind but `any` turns up in 30 draws of this seed
  s.sandbox.set_garbage_probability(0.0);
  CHECK(Running::json(s.get("/whoami"))["data"]["type"] == "whoami");
  CHECK(s.sandbox.request_log().back().fault.empty());
}

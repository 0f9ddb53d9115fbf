// The framings real servers use (issue 8 items 1 and 2), each on a kept-alive connection and on Connection: close,
// from an upstream that is not httplib. Every case: the right result with one attempt (a reader that waited for a
// close would hit the 3 s read timeout on the kept-alive variant and fail), then a request that succeeds on the
// same connection where HTTP allows it, which the upstream's count of accepted connections shows.
#include <catch2/catch.hpp>

#include "client/client.hpp"
#include "upstream_fixture.hpp"

using namespace ca;
using namespace ca::api;
using test::ConnectionCount;
using test::shared_upstream;

namespace {

const Json kOk = Json::parse(R"({"data":{"ok":true}})");

struct Matrix {
  std::string mode = GENERATE(std::string("keep"), std::string("close"));
  std::string run = test::next_run();
  FakeClock clock;
  ConnectionCount connections{shared_upstream()};

  bool keep() const { return mode == "keep"; }
  Query query(Query extra = {}) const {
    extra.emplace_back("mode", mode);
    extra.emplace_back("run", run);
    return extra;
  }
  Result<Json> get(Client& client, const std::string& name, Query extra = {}) {
    return client.get("/framing/" + name, query(std::move(extra)), {});
  }
  // The pool is usable after the case: one more request succeeds.
  void next_request_succeeds(Client& client) {
    auto next = get(client, "ok");
    REQUIRE(next.ok());
    CHECK(next.value() == kOk);
  }
  ClientConfig config() { return test::upstream_config(shared_upstream().raw_base_url(), &clock); }
};

}  // namespace

TEST_CASE("a bare 304 (no Content-Length) is answered from the ETag cache", "[upstream][framing]") {
  Matrix m;
  Client client(m.config());
  auto first = m.get(client, "etag");
  REQUIRE(first.ok());
  auto again = m.get(client, "etag");
  REQUIRE(again.ok());
  CHECK(again.value() == first.value());
  CHECK(shared_upstream().stats()["raw_requests"].back()["if_none_match"] == "\"v1\"");
  m.next_request_succeeds(client);
  CHECK(m.connections.since_start() == (m.keep() ? 1 : 3));
}

TEST_CASE("framings with a body of known end: 204, chunked, HTTP/1.0 keep-alive, interim 1xx, a trickle",
          "[upstream][framing]") {
  struct Case {
    const char* name;
    Query extra;
    Json expected;
  };
  const Case c = GENERATE(
      Case{"no-content", {}, Json()},  // 204 without length: no body
      Case{"chunked", {}, Json::parse(R"({"data":{"chunked":true}})")},  // chunk extensions and trailers
      Case{"http10-keepalive", {}, kOk},  // HTTP/1.0 with Connection: keep-alive and a length
      Case{"interim", {}, kOk},  // 100 Continue with fields, 103 Early Hints with fields, then 200
      Case{"trickle", {{"interval_ms", "5"}}, kOk});  // status line, fields and body one byte at a time
  Matrix m;
  INFO(c.name << " " << m.mode);
  Client client(m.config());
  auto r = m.get(client, c.name, c.extra);
  REQUIRE(r.ok());
  CHECK(r.value() == c.expected);
  m.next_request_succeeds(client);
  CHECK(m.connections.since_start() == (m.keep() ? 1 : 2));
}

TEST_CASE("an HTTP/1.0 reply delimited by close; the next request opens a new connection", "[upstream][framing]") {
  Matrix m;
  Client client(m.config());
  auto r = m.get(client, "http10");
  REQUIRE(r.ok());
  CHECK(r.value() == kOk);
  m.next_request_succeeds(client);
  CHECK(m.connections.since_start() == 2);  // HTTP/1.0 without keep-alive: never reused, whatever the mode
}

TEST_CASE("Content-Encoding: gzip is asked for and decoded when advertised", "[upstream][framing]") {
  Matrix m;
  auto config = m.config();
  config.accept_gzip = GzipPolicy::Always;
  Client client(config);
  auto r = m.get(client, "gzip");
  REQUIRE(r.ok());
  CHECK(r.value()["data"]["text"].get<std::string>().size() == 13 * 200);
  const auto gzip_events = shared_upstream().events("gzip");
  REQUIRE_FALSE(gzip_events.empty());
  CHECK(gzip_events.back()["asked"] == true);
  m.next_request_succeeds(client);
  CHECK(m.connections.since_start() == (m.keep() ? 1 : 2));
}

TEST_CASE("auto gzip does not advertise gzip to a loopback host", "[upstream][framing]") {
  Matrix m;
  Client client(m.config());  // accept_gzip = auto, host 127.0.0.1
  auto r = m.get(client, "gzip");
  REQUIRE(r.ok());
  CHECK(r.value()["data"]["text"].get<std::string>().size() == 13 * 200);
  const auto gzip_events = shared_upstream().events("gzip");
  REQUIRE_FALSE(gzip_events.empty());
  CHECK(gzip_events.back()["asked"] == false);
  CHECK(shared_upstream().stats()["raw_requests"].back()["accept_encoding"] == "");
}

TEST_CASE("lower-case and duplicated header names", "[upstream][framing]") {
  Matrix m;
  Client client(m.config());
  auto r = m.get(client, "header-case");
  REQUIRE(r.ok());
  CHECK(r.value() == kOk);
  // x-ratelimit-* in lower case, Remaining twice with one value: read as one.
  CHECK(client.rate_budget().limit == 10);
  CHECK(client.rate_budget().remaining == 9);
  // "etag" in lower case: cached, and sent back as If-None-Match.
  REQUIRE(m.get(client, "header-case").ok());
  CHECK(shared_upstream().stats()["raw_requests"].back()["if_none_match"] == "\"lc\"");
  CHECK(m.connections.since_start() == (m.keep() ? 1 : 2));
}

TEST_CASE("Retry-After with odd whitespace is read", "[upstream][framing]") {
  Matrix m;
  auto config = m.config();
  config.max_attempts = 2;
  Client client(config);
  auto r = m.get(client, "retry-after");
  REQUIRE(r.ok());
  CHECK(m.clock.sleeps() == std::vector<Millis>{Millis(1'000)});  // " \t 1 \t " is one second
  m.next_request_succeeds(client);
  CHECK(m.connections.since_start() == (m.keep() ? 1 : 3));
}

TEST_CASE("issue 8.7: a 429 asking for a day's wait does not stop the client for a day", "[upstream][rate]") {
  FakeClock clock;
  auto config = test::upstream_config(shared_upstream().raw_base_url(), &clock);
  config.max_attempts = 2;
  Client client(config);
  const auto day_later = std::chrono::duration_cast<std::chrono::seconds>(clock.wall_now().time_since_epoch()) +
                         std::chrono::hours(24);
  const Query query{{"run", test::next_run()}, {"reset", std::to_string(day_later.count())}};
  auto r = client.get("/framing/far-retry-after", query, {});
  REQUIRE(r.ok());
  REQUIRE(clock.sleeps().size() == 1);
  CHECK(clock.sleeps()[0] <= config.backoff_max);  // a back-off, not the 86400 s asked for
  REQUIRE(client.get("/framing/ok", query, {}).ok());  // and the spent budget with a far reset does not block
  CHECK(clock.sleeps().size() == 1);
}

TEST_CASE("issue 8.1: the second identical GET, answered by http.server with a bare 304, comes from the cache on "
          "the same connection",
          "[upstream][framing][etag]") {
  auto& upstream = test::shared_upstream();
  FakeClock clock;
  ConnectionCount connections(upstream, "http_connections");
  const std::size_t requests_before = upstream.stats()["http_requests"].size();
  Client client(test::upstream_config(upstream.http_server_base_url(), &clock));
  const Query query{{"limit", "5"}, {"run", test::next_run()}};
  auto first = client.get("/accounts", query, {});
  REQUIRE(first.ok());
  auto second = client.get("/accounts", query, {});
  REQUIRE(second.ok());
  CHECK(second.value() == first.value());
  const Json requests = upstream.stats()["http_requests"];
  REQUIRE(requests.size() == requests_before + 2);
  CHECK(requests[requests_before]["status"] == 200);
  CHECK(requests[requests_before + 1]["status"] == 304);
  CHECK(connections.since_start() == 1);
}

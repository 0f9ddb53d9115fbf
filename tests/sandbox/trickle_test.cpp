// The trickle fault: a response written a few bytes at a time, observed over a raw socket (how many reads it took,
// and that the bytes add up to the normal response) and through an ordinary HTTP client. No test sleeps; the
// waits below are bounded waits for an event.
#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "raw_socket.hpp"
#include "sandbox/faults.hpp"
#include "sandbox_fixture.hpp"

using namespace ca::sandbox;
using namespace ca::sandbox::testing;

namespace {

struct Parsed {
  std::string status_line, head, body;
};

Parsed parse(const std::string& bytes) {
  Parsed p;
  const auto end = bytes.find("\r\n\r\n");
  REQUIRE(end != std::string::npos);
  p.head = bytes.substr(0, end + 2);
  p.status_line = bytes.substr(0, bytes.find("\r\n"));
  p.body = bytes.substr(end + 4);
  return p;
}

bool has_header(const Parsed& p, const std::string& line) { return p.head.find("\r\n" + line + "\r\n") != std::string::npos; }

TrickleOptions steady(TricklePart part = TricklePart::All) {
  TrickleOptions o;
  o.part = part;
  o.bytes_per_write = 8;
  o.pause = std::chrono::milliseconds(15);  // ~50 writes for /whoami: long enough that one read cannot take it all
  return o;
}

}  // namespace

TEST_CASE("a trickled response arrives in many small reads, is the normal response, and closes the connection",
          "[sandbox][faults][trickle]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string normal = s.get("/whoami")->body;
  s.sandbox.set_trickle_options(steady());
  s.sandbox.trickle_responses(1);
  const auto reply = raw_exchange(s.sandbox.port(), raw_get("/whoami"));  // no Connection: close; the server closes
  CHECK(reply.reads > 1);
  const auto p = parse(reply.bytes);
  CHECK(p.status_line == "HTTP/1.1 200 OK");
  CHECK(p.body == normal);
  CHECK(has_header(p, "Content-Length: " + std::to_string(normal.size())));
  CHECK(has_header(p, "Content-Type: application/json"));
  CHECK(has_header(p, "Connection: close"));
  CHECK(p.head.find("\r\nX-RateLimit-Remaining: ") != std::string::npos);
  CHECK(p.head.find("\r\nETag: \"") != std::string::npos);
  const auto log = s.sandbox.request_log();
  CHECK(log.back().fault == "trickle:all");
  CHECK(p.head.find("\r\nX-Request-ID: " + log.back().request_id + "\r\n") != std::string::npos);

  // The count is spent: the next response is written normally.
  CHECK(s.get("/whoami")->body == normal);
  CHECK(s.sandbox.request_log().back().fault.empty());
}

TEST_CASE("trickling the headers only or the body only", "[sandbox][faults][trickle]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string normal = s.get("/accounts?limit=1")->body;
  for (const auto part : {TricklePart::Headers, TricklePart::Body}) {
    s.sandbox.set_trickle_options(steady(part));
    s.sandbox.trickle_responses(1);
    const auto reply = raw_exchange(s.sandbox.port(), raw_get("/accounts?limit=1"));
    INFO(fault_name(part));
    CHECK(reply.reads > 1);
    CHECK(parse(reply.bytes).body == normal);
    CHECK(s.sandbox.request_log().back().fault == "trickle:" + fault_name(part));
  }
}

TEST_CASE("an HTTP client reads a trickled response like any other", "[sandbox][faults][trickle]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string normal = s.get("/accounts?limit=2")->body;
  TrickleOptions fast = steady();
  fast.pause = std::chrono::milliseconds(1);
  s.sandbox.set_trickle_options(fast);
  s.sandbox.set_trickle_probability(1.0);
  for (int i = 0; i < 3; ++i) {
    const auto r = s.get("/accounts?limit=2");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body == normal);
  }
  CHECK(s.sandbox.request_log().back().fault == "trickle:all");
  s.sandbox.set_trickle_probability(0);
  CHECK(s.get("/whoami")->status == 200);
  CHECK(s.sandbox.request_log().back().fault.empty());
}

TEST_CASE("errors and 304s trickle too; a 304 carries no Content-Length", "[sandbox][faults][trickle]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string etag = s.get("/whoami")->get_header_value("ETag");
  TrickleOptions fast = steady();
  fast.pause = std::chrono::milliseconds(1);
  s.sandbox.set_trickle_options(fast);
  s.sandbox.trickle_responses(2);
  s.sandbox.script_statuses({503});
  const auto error = parse(raw_exchange(s.sandbox.port(), raw_get("/whoami")).bytes);
  CHECK(error.status_line == "HTTP/1.1 503 Service Unavailable");
  CHECK(has_header(error, "Content-Type: application/problem+json"));
  CHECK(has_header(error, "Retry-After: 1"));
  CHECK(ca::Json::parse(error.body)["code"] == "SERVICE_UNAVAILABLE");
  CHECK(s.sandbox.request_log().back().fault == "scripted,trickle:all");

  const auto not_modified = parse(raw_exchange(s.sandbox.port(), "GET /v2/whoami HTTP/1.1\r\nHost: x\r\n"
                                                                 "Authorization: Bearer sandbox-key\r\nIf-None-Match: " +
                                                                     etag + "\r\n\r\n")
                                      .bytes);
  CHECK(not_modified.status_line == "HTTP/1.1 304 Not Modified");
  CHECK(not_modified.head.find("Content-Length") == std::string::npos);
  CHECK(not_modified.body.empty());
}

TEST_CASE("a path prefix narrows the counted trickle; public routes are never trickled", "[sandbox][faults][trickle]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  TrickleOptions fast = steady();
  fast.pause = std::chrono::milliseconds(1);
  s.sandbox.set_trickle_options(fast);
  s.sandbox.trickle_responses(1, "/v2/accounts");
  CHECK(s.get("/health", {})->status == 200);
  CHECK(s.get("/whoami")->status == 200);
  CHECK(s.sandbox.request_log().back().fault.empty());
  CHECK(s.get("/accounts?limit=1")->status == 200);
  CHECK(s.sandbox.request_log().back().fault == "trickle:all");
  CHECK(s.get("/accounts?limit=1")->status == 200);
  CHECK(s.sandbox.request_log().back().fault.empty());
}

TEST_CASE("pausing ends at max_duration: the rest of the response goes out at once", "[sandbox][faults][trickle]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  TrickleOptions capped;
  capped.bytes_per_write = 1;
  capped.pause = std::chrono::minutes(1);  // without the cap, one response would take hours
  capped.max_duration = std::chrono::milliseconds(200);
  s.sandbox.set_trickle_options(capped);
  s.sandbox.trickle_responses(1);
  const auto reply = raw_exchange(s.sandbox.port(), raw_get("/whoami"));  // each read waits at most 10 s
  CHECK(parse(reply.bytes).body == s.get("/whoami")->body);
}

TEST_CASE("stop() ends a trickle in progress; the client still gets the whole response", "[sandbox][faults][trickle]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  TrickleOptions slow;
  slow.pause = std::chrono::minutes(1);
  slow.max_duration = std::chrono::hours(1);
  s.sandbox.set_trickle_options(slow);
  s.sandbox.trickle_responses(1);
  s.sandbox.clear_request_log();
  const int port = s.sandbox.port();
  auto reply = std::async(std::launch::async, [port] { return raw_exchange(port, raw_get("/whoami")); });
  for (int i = 0; i < 500 && s.sandbox.request_log().empty(); ++i)  // bounded wait (5 s) for the request to arrive
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(s.sandbox.request_log().size() == 1);
  auto stopped = std::async(std::launch::async, [&] { s.sandbox.stop(); });
  REQUIRE(stopped.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  REQUIRE(reply.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  CHECK(ca::Json::parse(parse(reply.get().bytes).body)["data"]["type"] == "whoami");
}

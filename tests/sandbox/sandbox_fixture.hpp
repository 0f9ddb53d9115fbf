#pragma once
// A sandbox on a free loopback port plus an httplib client for it. Tests use a FakeClock so freshness and
// rate-limit windows move only when the test says so.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <memory>
#include <string>

#include "common/clock.hpp"
#include "common/json_util.hpp"
#include "sandbox/sandbox.hpp"

namespace ca::sandbox::testing {

inline const std::string kKey = "sandbox-key";
inline const std::string kReadOnlyKey = "sandbox-readonly-key";
inline const std::string kDisabledKey = "sandbox-disabled-key";
// A well-formed id that names nothing in the sandbox.
inline const std::string kUnknownId = "00000000-0000-4000-8000-000000000000";

// Small by default so every test starts in milliseconds; tests that need the full default data set say so.
inline SandboxOptions small_options(ca::Clock& clock) {
  SandboxOptions o;
  o.accounts = 120;
  o.creators = 12;
  o.videos = 40;
  o.clock = &clock;
  return o;
}

struct Running {
  explicit Running(SandboxOptions options) : sandbox(std::move(options)) {
    sandbox.start(0);
    client = std::make_unique<httplib::Client>("127.0.0.1", sandbox.port());
    client->set_connection_timeout(5);
    client->set_read_timeout(10);
  }
  ~Running() {
    client.reset();  // close keep-alive connections before the server stops
    sandbox.stop();
  }

  static httplib::Headers auth(const std::string& key = kKey, httplib::Headers extra = {}) {
    extra.emplace("Authorization", "Bearer " + key);
    return extra;
  }
  httplib::Result get(const std::string& path, const httplib::Headers& headers = auth()) {
    return client->Get(("/v2" + path).c_str(), headers);
  }
  httplib::Result post(const std::string& path, const ca::Json& body, const httplib::Headers& headers = auth()) {
    return client->Post(("/v2" + path).c_str(), headers, ca::dump_compact(body), "application/json");
  }
  httplib::Result patch(const std::string& path, const ca::Json& body, const httplib::Headers& headers = auth()) {
    return client->Patch(("/v2" + path).c_str(), headers, ca::dump_compact(body), "application/json");
  }
  httplib::Result put(const std::string& path, const httplib::Headers& headers = auth()) {
    return client->Put(("/v2" + path).c_str(), headers, "", "application/json");
  }
  static ca::Json json(const httplib::Result& r) { return ca::Json::parse(r->body); }
  // The `data` of a GET, by value: a range-for over json(...)["data"] would iterate a destroyed temporary.
  ca::Json data(const std::string& path) { return json(get(path))["data"]; }
  // The `field` of the first entry of a 422's errors[].
  static std::string error_field(const httplib::Result& r) {
    const auto p = json(r);
    return p.contains("errors") && !p["errors"].empty() ? p["errors"][0].value("field", "") : "";
  }

  Sandbox sandbox;
  std::unique_ptr<httplib::Client> client;
};

// A problem+json error as the reference (§8, S15) describes it.
inline void check_problem(const httplib::Result& r, int status, const std::string& code, const std::string& instance) {
  INFO(code);
  REQUIRE(r);
  REQUIRE(r->status == status);
  CHECK(r->get_header_value("Content-Type") == "application/problem+json");
  const auto p = Running::json(r);
  std::string slug = code;
  for (auto& c : slug) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(p["type"] == "urn:creatoraudit:error:" + slug);
  CHECK(p["title"].is_string());
  CHECK(!p["title"].get<std::string>().empty());
  CHECK(p["status"] == status);
  CHECK(p["detail"].is_string());
  CHECK(p["code"] == code);
  CHECK(p["instance"] == instance);
  CHECK(p["request_id"] == r->get_header_value("X-Request-ID"));
  CHECK(p.contains("errors") == (status == 422));
}

// Every authenticated response carries the three rate-limit headers (S8).
inline void check_rate_headers(const httplib::Result& r) {
  REQUIRE(r);
  CHECK(r->has_header("X-RateLimit-Limit"));
  CHECK(r->has_header("X-RateLimit-Remaining"));
  CHECK(r->has_header("X-RateLimit-Reset"));
}

// A 200 GET carries a strong ETag; sending it back gives 304 with an empty body, another tag gives 200.
inline void check_etag_round_trip(Running& s, const std::string& path) {
  INFO(path);
  const auto r = s.get(path);
  REQUIRE(r->status == 200);
  const std::string etag = r->get_header_value("ETag");
  REQUIRE(etag.size() > 2);
  CHECK(etag.front() == '"');
  // Connection: close, because httplib's client reads a 304 without Content-Length until the connection closes.
  const auto again = s.get(path, Running::auth(kKey, {{"If-None-Match", etag}, {"Connection", "close"}}));
  CHECK(again->status == 304);
  CHECK(again->body.empty());
  CHECK(again->get_header_value("ETag") == etag);
  CHECK_FALSE(again->has_header("Content-Length"));  // as nginx and CDNs send it (RFC 9110 §15.4.5)
  check_rate_headers(again);
  CHECK(s.get(path, Running::auth(kKey, {{"If-None-Match", "\"other\""}}))->status == 200);
}

}  // namespace ca::sandbox::testing

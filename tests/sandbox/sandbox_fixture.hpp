#pragma once
// A sandbox on a free loopback port plus an httplib client for it. Tests use a FakeClock so freshness and
// rate-limit windows move only when the test says so.
#include <httplib.h>

#include <memory>
#include <string>

#include "common/clock.hpp"
#include "common/json_util.hpp"
#include "sandbox/sandbox.hpp"

namespace ca::sandbox::testing {

inline const std::string kKey = "sandbox-key";
inline const std::string kReadOnlyKey = "sandbox-readonly-key";
inline const std::string kDisabledKey = "sandbox-disabled-key";

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
  static ca::Json json(const httplib::Result& r) { return ca::Json::parse(r->body); }

  Sandbox sandbox;
  std::unique_ptr<httplib::Client> client;
};

}  // namespace ca::sandbox::testing

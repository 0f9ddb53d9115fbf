#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "client/config.hpp"
#include "client/redaction.hpp"

using namespace ca::api;

namespace {

// Clears every CREATORAUDIT_* variable for one test (the CI environment may set some), lets the test set its
// own, and puts the originals back afterwards.
struct EnvGuard {
  std::vector<std::pair<std::string, std::string>> saved;
  EnvGuard() {
    for (char** e = environ; *e; ++e) {
      std::string entry(*e);
      if (entry.rfind("CREATORAUDIT_", 0) == 0) {
        auto eq = entry.find('=');
        saved.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
      }
    }
    for (const auto& [name, value] : saved) unsetenv(name.c_str());
  }
  void set(const std::string& name, const std::string& value) { setenv(name.c_str(), value.c_str(), 1); }
  ~EnvGuard() {
    std::vector<std::string> ours;
    for (char** e = environ; *e; ++e)
      if (std::string entry(*e); entry.rfind("CREATORAUDIT_", 0) == 0) ours.push_back(entry.substr(0, entry.find('=')));
    for (const auto& name : ours) unsetenv(name.c_str());
    for (const auto& [name, value] : saved) setenv(name.c_str(), value.c_str(), 1);
  }
};

}  // namespace

TEST_CASE("from_env reads the key, the base URL and every bound", "[client][config]") {
  EnvGuard env;
  env.set("CREATORAUDIT_API_KEY", "k-123");
  env.set("CREATORAUDIT_BASE_URL", "http://127.0.0.1:8080/v2");
  env.set("CREATORAUDIT_MAX_ATTEMPTS", "7");
  env.set("CREATORAUDIT_READ_TIMEOUT_MS", "1234");
  env.set("CREATORAUDIT_ETAG_CACHE_BYTES", "1000");
  env.set("CREATORAUDIT_MAX_PAGES", "3");
  auto config = ClientConfig::from_env();
  REQUIRE(config.ok());
  CHECK(config.value().api_key == "k-123");
  CHECK(config.value().base_url == "http://127.0.0.1:8080/v2");
  CHECK(config.value().max_attempts == 7);
  CHECK(config.value().read_timeout == ca::Millis(1234));
  CHECK(config.value().etag_cache_bytes == 1000);
  CHECK(config.value().max_pages == 3);
  CHECK_FALSE(config.value().validate().has_value());
}

TEST_CASE("the key file's trailing newline is trimmed", "[client][config]") {
  auto path = std::filesystem::temp_directory_path() / "ca_client_test_key";
  std::ofstream(path) << "file-key-xyz\n";
  EnvGuard env;
  env.set("CREATORAUDIT_API_KEY_FILE", path.string());
  auto config = ClientConfig::from_env();
  std::filesystem::remove(path);
  REQUIRE(config.ok());
  CHECK(config.value().api_key == "file-key-xyz");
}

TEST_CASE("an unreadable key file and a bad number are configuration errors", "[client][config]") {
  {
    EnvGuard env;
    env.set("CREATORAUDIT_API_KEY_FILE", "/nonexistent/key");
    auto config = ClientConfig::from_env();
    REQUIRE_FALSE(config.ok());
    CHECK(config.error().kind == ErrorKind::Configuration);
  }
  {
    EnvGuard env;
    env.set("CREATORAUDIT_MAX_ATTEMPTS", "3x");
    auto config = ClientConfig::from_env();
    REQUIRE_FALSE(config.ok());
    CHECK(config.error().detail.find("CREATORAUDIT_MAX_ATTEMPTS") != std::string::npos);
  }
}

TEST_CASE("http:// to a non-loopback host is refused, loopback is allowed", "[client][config]") {
  ClientConfig c;
  c.api_key = "test-api-key";
  for (const char* url : {"http://api.creatoraudit.com/v2", "http://10.0.0.1/v2", "http://127.0.0.1.evil.com/v2",
                          "http://[::2]:80/v2"}) {
    c.base_url = url;
    auto e = c.validate();
    INFO(url);
    REQUIRE(e.has_value());
    CHECK(e->kind == ErrorKind::Configuration);
  }
  for (const char* url : {"http://127.0.0.1:1/v2", "http://127.9.9.9/v2", "http://localhost:8/v2", "http://[::1]:9/v2",
                          "https://api.creatoraudit.com/v2"}) {
    c.base_url = url;
    INFO(url);
    CHECK_FALSE(c.validate().has_value());
  }
  EnvGuard env;
  env.set("CREATORAUDIT_BASE_URL", "http://example.com/v2");
  CHECK_FALSE(ClientConfig::from_env().ok());
}

TEST_CASE("a missing key fails validation", "[client][config]") {
  EnvGuard env;
  ClientConfig c;
  auto e = c.validate();
  REQUIRE(e.has_value());
  CHECK(e->detail.find("CREATORAUDIT_API_KEY") != std::string::npos);
}

TEST_CASE("flags override values from the environment and there is no key flag", "[client][config]") {
  EnvGuard env;
  env.set("CREATORAUDIT_API_KEY", "k");
  env.set("CREATORAUDIT_MAX_ATTEMPTS", "7");
  env.set("CREATORAUDIT_CONNECT_TIMEOUT_MS", "900");
  auto config = ClientConfig::from_env();
  REQUIRE(config.ok());
  CLI::App app;
  add_client_flags(app, config.value());
  std::vector<std::string> args = {"--read-timeout-ms", "250", "--max-attempts", "2"};
  std::reverse(args.begin(), args.end());
  app.parse(args);
  CHECK(config.value().max_attempts == 2);                       // flag wins
  CHECK(config.value().read_timeout == ca::Millis(250));         // flag
  CHECK(config.value().connect_timeout == ca::Millis(900));      // env kept when no flag
  for (const auto* opt : app.get_options()) CHECK(opt->get_name().find("key") == std::string::npos);
}

TEST_CASE("a key with CR, LF or another control character is refused, without echoing it", "[client][config]") {
  for (const std::string& key :
       std::vector<std::string>{"good-key\r\nX-Injected: 1", "tab\there", std::string("nul\0key", 7), "del\x7fkey"}) {
    INFO(key.size());
    {
      EnvGuard env;
      env.set("CREATORAUDIT_API_KEY", key);
      auto config = ClientConfig::from_env();
      if (key.find('\0') == std::string::npos) {  // setenv cannot carry a NUL
        REQUIRE_FALSE(config.ok());
        CHECK(config.error().kind == ErrorKind::Configuration);
        CHECK_THAT(config.error().message(), Catch::Contains("control character"));
        CHECK(config.error().message().find(key) == std::string::npos);
      }
    }
    ClientConfig c;
    c.api_key = key;
    auto e = c.validate();
    REQUIRE(e.has_value());
    CHECK_THAT(e->message(), Catch::Contains("control character"));
  }
  SECTION("also from the key file, where only the trailing newline is trimmed") {
    auto path = std::filesystem::temp_directory_path() / "ca_client_test_key_lf";
    std::ofstream(path) << "first-line\nsecond-line\n";
    EnvGuard env;
    env.set("CREATORAUDIT_API_KEY_FILE", path.string());
    auto config = ClientConfig::from_env();
    std::filesystem::remove(path);
    REQUIRE_FALSE(config.ok());
    CHECK_THAT(config.error().message(), Catch::Contains("control character"));
  }
}

TEST_CASE("the key file is read with a size cap", "[client][config]") {
  SECTION("/dev/zero is refused instead of filling memory") {
    EnvGuard env;
    env.set("CREATORAUDIT_API_KEY_FILE", "/dev/zero");
    auto config = ClientConfig::from_env();
    REQUIRE_FALSE(config.ok());
    CHECK_THAT(config.error().message(), Catch::Contains("larger than 4096 bytes"));
  }
  SECTION("a file of exactly the cap is read") {
    auto path = std::filesystem::temp_directory_path() / "ca_client_test_key_cap";
    std::ofstream(path) << std::string(kMaxKeyFileBytes, 'k');
    EnvGuard env;
    env.set("CREATORAUDIT_API_KEY_FILE", path.string());
    auto config = ClientConfig::from_env();
    std::filesystem::remove(path);
    REQUIRE(config.ok());
    CHECK(config.value().api_key.size() == kMaxKeyFileBytes);
  }
}

TEST_CASE("messages that echo a base URL hide its userinfo and query", "[client][config]") {
  for (const char* url : {"https://api.creatoraudit.com/v2?key=s3cr3t-value", "https://user:s3cr3t-value@api.example/v2",
                          "https://api.example?key=s3cr3t-value", "https://api.example/v2#s3cr3t-value"}) {
    INFO(url);
    EnvGuard env;
    env.set("CREATORAUDIT_API_KEY", "k-123456");
    env.set("CREATORAUDIT_BASE_URL", url);
    auto config = ClientConfig::from_env();
    REQUIRE_FALSE(config.ok());
    CHECK(config.error().message().find("s3cr3t-value") == std::string::npos);
    CHECK_THAT(config.error().message(), Catch::Contains("[REDACTED]"));
  }
  CHECK(redact_url("https://u:p@h.example:8443/v2?key=1&x=2") == "https://[REDACTED]@h.example:8443/v2?[REDACTED]");
  CHECK(redact_url("http://127.0.0.1/v2") == "http://127.0.0.1/v2");
  CHECK(redact_url("https://h/\x1b[31m") == "https://h/\\x1b[31m");
  CHECK(redact_url(std::string(1000, 'a')).size() <= kMaxShownUrlBytes + 3);
}

TEST_CASE("the wire-layer settings are read from the environment and flags", "[client][config]") {
  EnvGuard env;
  env.set("CREATORAUDIT_API_KEY", "k-123");
  env.set("CREATORAUDIT_ATTEMPT_TIMEOUT_MS", "4000");
  env.set("CREATORAUDIT_KEEP_ALIVE_IDLE_MS", "1500");
  env.set("CREATORAUDIT_MAX_RATE_LIMIT_WAIT_MS", "60000");
  env.set("CREATORAUDIT_ACCEPT_GZIP", "never");
  auto config = ClientConfig::from_env();
  REQUIRE(config.ok());
  CHECK(config.value().attempt_timeout == ca::Millis(4'000));
  CHECK(config.value().keep_alive_idle == ca::Millis(1'500));
  CHECK(config.value().max_rate_limit_wait == ca::Millis(60'000));
  CHECK(config.value().accept_gzip == GzipPolicy::Never);
  CLI::App app;
  add_client_flags(app, config.value());
  std::vector<std::string> args = {"--accept-gzip", "always", "--attempt-timeout-ms", "9000"};
  std::reverse(args.begin(), args.end());
  app.parse(args);
  CHECK(config.value().accept_gzip == GzipPolicy::Always);
  CHECK(config.value().attempt_timeout == ca::Millis(9'000));
  env.set("CREATORAUDIT_ACCEPT_GZIP", "sometimes");
  CHECK_FALSE(ClientConfig::from_env().ok());
}

TEST_CASE("auto gzip is advertised except to loopback hosts", "[client][config]") {
  ClientConfig c;
  c.base_url = "https://api.creatoraudit.com/v2";
  CHECK(c.advertises_gzip());
  c.base_url = "http://127.0.0.1:8080/v2";
  CHECK_FALSE(c.advertises_gzip());
  c.base_url = "http://localhost:8080/v2";
  CHECK_FALSE(c.advertises_gzip());
  c.accept_gzip = GzipPolicy::Always;
  CHECK(c.advertises_gzip());
  c.base_url = "https://api.creatoraudit.com/v2";
  c.accept_gzip = GzipPolicy::Never;
  CHECK_FALSE(c.advertises_gzip());
}

TEST_CASE("the rate store: host by default, chosen by env or flag, a bad one refused", "[client][config][rate]") {
  EnvGuard env;
  env.set("CREATORAUDIT_API_KEY", "k");
  auto defaults = ClientConfig::from_env();
  REQUIRE(defaults.ok());
  CHECK(defaults.value().rate_store.spec == "host");
  CHECK(defaults.value().effective_rate_store().spec == "host");
  ca::FakeClock clock;
  defaults.value().clock = &clock;
  CHECK(defaults.value().effective_rate_store().spec == "local");  // an injected clock's time is its own

  env.set("CREATORAUDIT_RATE_STORE", "redis://127.0.0.1:6390/2");
  env.set("CREATORAUDIT_RATE_STORE_TIMEOUT_MS", "100");
  env.set("CREATORAUDIT_RATE_STORE_RETRY_MS", "2000");
  auto config = ClientConfig::from_env();
  REQUIRE(config.ok());
  CHECK(config.value().rate_store.spec == "redis://127.0.0.1:6390/2");
  CHECK(config.value().rate_store.timeout == ca::Millis(100));
  CHECK(config.value().rate_store.retry_interval == ca::Millis(2'000));
  CLI::App app;
  add_client_flags(app, config.value());
  app.parse(std::vector<std::string>{"local", "--rate-store"});
  CHECK(config.value().rate_store.spec == "local");
  CLI::App strict;
  add_client_flags(strict, config.value());
  CHECK_THROWS(strict.parse(std::vector<std::string>{"redis://nowhere", "--rate-store"}));

  env.set("CREATORAUDIT_RATE_STORE", "memcached://x:1");
  auto bad = ClientConfig::from_env();
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().detail.find("rate_store") != std::string::npos);
}

TEST_CASE("max_parallel_requests is read from the environment and the flag, within [1, 64]", "[client][config]") {
  EnvGuard env;
  env.set("CREATORAUDIT_API_KEY", "k-123");
  auto defaults = ClientConfig::from_env();
  REQUIRE(defaults.ok());
  CHECK(defaults.value().max_parallel_requests == 4);
  CHECK(defaults.value().requests_in_flight() == 4);
  env.set("CREATORAUDIT_MAX_PARALLEL_REQUESTS", "16");
  auto config = ClientConfig::from_env();
  REQUIRE(config.ok());
  CHECK(config.value().max_parallel_requests == 16);
  CHECK(config.value().requests_in_flight() == 16);  // the pool is raised to it: no branch waits for a connection
  CLI::App app;
  add_client_flags(app, config.value());
  std::vector<std::string> args = {"--max-parallel-requests", "2"};
  std::reverse(args.begin(), args.end());
  app.parse(args);
  CHECK(config.value().max_parallel_requests == 2);
  CHECK(config.value().requests_in_flight() == 4);  // connection_pool_size stays the floor
  for (const char* bad : {"0", "65", "-1", "four"}) {
    env.set("CREATORAUDIT_MAX_PARALLEL_REQUESTS", bad);
    auto refused = ClientConfig::from_env();
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().detail.find("CREATORAUDIT_MAX_PARALLEL_REQUESTS") != std::string::npos);
  }
  ClientConfig out_of_range;
  out_of_range.api_key = "k";
  out_of_range.max_parallel_requests = 0;
  CHECK(out_of_range.validate().has_value());
}

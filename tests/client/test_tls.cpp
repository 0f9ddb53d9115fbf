// HTTPS is verified: a server whose certificate the trust store does not hold, or whose name does not match the
// URL's host, is refused with ErrorKind::Tls; the same server trusted through --ca-bundle and reached by its
// name is accepted. The certificate (tls_test_server.hpp) is made with OpenSSL, for "localhost" only.
#include <catch2/catch.hpp>

#include <filesystem>

#include "client/client.hpp"
#include "tls_test_server.hpp"

using namespace ca::api;
using ca::test::SelfSignedLocalhost;
using ca::test::WhoamiOverTls;

namespace {

Result<ca::Json> whoami_over_tls(const std::string& base_url, const std::string& bundle) {
  ClientConfig config;
  config.base_url = base_url;
  config.api_key = "tls-test-key";
  config.ca_bundle_path = bundle;
  config.max_attempts = 1;
  Client client(config);
  return client.whoami({});
}

}  // namespace

TEST_CASE("https verifies the certificate chain and the host name", "[client][tls]") {
  SelfSignedLocalhost pki;
  WhoamiOverTls server(pki);
  const std::string port_text = std::to_string(server.port);

  SECTION("a certificate outside the system trust store is refused") {
    auto r = whoami_over_tls("https://localhost:" + port_text + "/v2", "");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Tls);
  }
  SECTION("a trusted certificate for another name is refused") {
    auto r = whoami_over_tls("https://127.0.0.1:" + port_text + "/v2", pki.cert_path.string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Tls);
  }
  SECTION("a trusted certificate for the URL's host is accepted") {
    auto r = whoami_over_tls("https://localhost:" + port_text + "/v2", pki.cert_path.string());
    REQUIRE(r.ok());
    CHECK(r.value()["type"] == "whoami");
  }
}

TEST_CASE("https to an IP-literal host checks the certificate's IP address", "[client][tls]") {
  SelfSignedLocalhost pki("IP:127.0.0.1", "127.0.0.1");
  WhoamiOverTls server(pki);
  const std::string port_text = std::to_string(server.port);

  SECTION("the matching address is accepted") {
    auto r = whoami_over_tls("https://127.0.0.1:" + port_text + "/v2", pki.cert_path.string());
    REQUIRE(r.ok());
    CHECK(r.value()["type"] == "whoami");
  }
  SECTION("a name the certificate does not carry is refused") {
    auto r = whoami_over_tls("https://localhost:" + port_text + "/v2", pki.cert_path.string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Tls);
  }
  SECTION("a CA bundle that cannot be read is a Tls error") {
    auto r = whoami_over_tls("https://127.0.0.1:" + port_text + "/v2", "/nonexistent/bundle.pem");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Tls);
    CHECK_THAT(r.error().message(), Catch::Contains("/nonexistent/bundle.pem"));
  }
}

TEST_CASE("the trust store is read by the first https request, not when the client is made", "[client][tls]") {
  // The bundle does not exist yet when the client is made: a client that loaded it then would fail every request.
  SelfSignedLocalhost pki;
  WhoamiOverTls server(pki);
  const std::filesystem::path bundle = pki.cert_path.string() + ".written-later.pem";
  std::filesystem::remove(bundle);
  ClientConfig config;
  config.base_url = "https://localhost:" + std::to_string(server.port) + "/v2";
  config.api_key = "tls-test-key";
  config.ca_bundle_path = bundle.string();
  config.max_attempts = 1;
  Client client(config);
  std::filesystem::copy_file(pki.cert_path, bundle);
  auto r = client.whoami({});
  std::filesystem::remove(bundle);
  REQUIRE(r.ok());
  CHECK(r.value()["type"] == "whoami");
}

TEST_CASE("a CA bundle that cannot be loaded fails each https request with Tls", "[client][tls]") {
  ClientConfig config;
  config.base_url = "https://localhost:1/v2";
  config.api_key = "tls-test-key";
  config.ca_bundle_path = "/nonexistent/creatoraudit-test-bundle.pem";
  config.max_attempts = 1;
  Client client(config);
  for (int request = 0; request < 2; ++request) {
    auto r = client.whoami({});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Tls);
    CHECK_THAT(r.error().detail, Catch::Contains("creatoraudit-test-bundle.pem"));
  }
}

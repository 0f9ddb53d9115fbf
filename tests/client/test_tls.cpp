// HTTPS is verified: a server whose certificate the trust store does not hold, or whose name does not match the
// URL's host, is refused with ErrorKind::Tls; the same server trusted through --ca-bundle and reached by its
// name is accepted. The certificate is made here with OpenSSL, for "localhost" only.
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <thread>

#include "client/client.hpp"

using namespace ca::api;

namespace {

struct SelfSignedLocalhost {
  std::filesystem::path cert_path, key_path;

  // `subject_alt_name` in OpenSSL's config syntax: "DNS:localhost" or "IP:127.0.0.1". The subject's CN is
  // `common_name`: OpenSSL falls back to it for a name when the certificate has no DNS SAN.
  explicit SelfSignedLocalhost(const char* subject_alt_name = "DNS:localhost", const char* common_name = "localhost") {
    auto dir = std::filesystem::temp_directory_path();
    const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(std::hash<std::string>{}(subject_alt_name));
    cert_path = dir / ("ca_client_tls_cert_" + tag + ".pem");
    key_path = dir / ("ca_client_tls_key_" + tag + ".pem");
    EVP_PKEY* key = EVP_EC_gen("prime256v1");
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1,
                               -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, subject_alt_name},
                              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
      X509_add_ext(cert, ext, -1);
      X509_EXTENSION_free(ext);
    }
    X509_sign(cert, key, EVP_sha256());
    FILE* f = std::fopen(cert_path.c_str(), "w");
    PEM_write_X509(f, cert);
    std::fclose(f);
    f = std::fopen(key_path.c_str(), "w");
    PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  ~SelfSignedLocalhost() {
    std::filesystem::remove(cert_path);
    std::filesystem::remove(key_path);
  }
};

// An httplib HTTPS server with `pki`'s certificate on a loopback port, answering GET /v2/whoami.
struct WhoamiOverTls {
  httplib::SSLServer server;
  int port = 0;
  std::thread thread;

  explicit WhoamiOverTls(const SelfSignedLocalhost& pki) : server(pki.cert_path.c_str(), pki.key_path.c_str()) {
    REQUIRE(server.is_valid());
    server.Get("/v2/whoami", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"data":{"type":"whoami"}})", "application/json");
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::yield();  // stop() before listen would race
  }
  ~WhoamiOverTls() {
    server.stop();
    thread.join();
  }
};

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

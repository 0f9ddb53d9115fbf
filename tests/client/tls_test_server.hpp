#pragma once
// A self-signed certificate made with OpenSSL (files removed at the end of the test) and an httplib HTTPS server on
// a loopback port that answers GET /v2/whoami with it: the TLS upstream of the client's and doctor's tests.
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

namespace ca::test {

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

}  // namespace ca::test

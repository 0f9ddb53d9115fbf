#pragma once
// OpenSSL for the client's connections: one SSL_CTX per Client (TLS 1.2 or newer, peer verification on, the system
// trust store or --ca-bundle), and a session per connection that checks the certificate against the URL's host
// (SSL_set1_host for a name, the address for an IP literal) and sends SNI for names.
#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "client/error.hpp"

namespace ca::api {

class TlsContext {
 public:
  // A Tls error when the trust store or the bundle cannot be loaded.
  static Result<std::shared_ptr<TlsContext>> create(const std::string& ca_bundle_path);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // A client session on socket `fd` (not owned) that verifies `host`; nullptr when OpenSSL cannot make one.
  SSL* new_session(int fd, const std::string& host) const;

 private:
  explicit TlsContext(SSL_CTX* ctx) : ctx_(ctx) {}
  SSL_CTX* ctx_;
};

// The newest OpenSSL error on this thread's queue in words (the queue is then cleared), or `fallback`.
std::string openssl_error_text(const char* fallback);

}  // namespace ca::api

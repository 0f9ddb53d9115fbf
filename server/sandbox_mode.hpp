#pragma once
// --sandbox: the CreatorAudit simulator runs in this process on a free loopback port and the client is pointed
// at it with the built-in sandbox key, so the server can be tried without an account. The only product code that
// depends on the sandbox.
#include <memory>

#include "client/config.hpp"

namespace ca::sandbox {
class Sandbox;
}

namespace ca::server {

class SandboxMode {
 public:
  // Starts the sandbox and rewrites config's base URL and key. Throws when the sandbox cannot start.
  explicit SandboxMode(api::ClientConfig& config);
  ~SandboxMode();
  SandboxMode(const SandboxMode&) = delete;
  SandboxMode& operator=(const SandboxMode&) = delete;

 private:
  std::unique_ptr<sandbox::Sandbox> sandbox_;
};

}  // namespace ca::server

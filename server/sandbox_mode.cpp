#include "server/sandbox_mode.hpp"

#include <spdlog/spdlog.h>

#include "sandbox/sandbox.hpp"

namespace ca::server {

SandboxMode::SandboxMode(api::ClientConfig& config)
    : sandbox_(std::make_unique<sandbox::Sandbox>(sandbox::SandboxOptions{})) {
  sandbox_->start(0);
  config.base_url = sandbox_->base_url();
  config.api_key = "sandbox-key";  // a built-in sandbox key, not a secret
  config.api_key_source = "the built-in sandbox key (--sandbox)";
  spdlog::warn("--sandbox: serving SIMULATED data from an in-process CreatorAudit sandbox at {}; "
               "nothing here is real creator data",
               config.base_url);
}

SandboxMode::~SandboxMode() = default;

}  // namespace ca::server

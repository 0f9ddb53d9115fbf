#pragma once
#include <optional>
#include <string>

namespace ca::api {

// A random (version 4) UUID from OpenSSL's CSPRNG, for one logical write's Idempotency-Key. nullopt when the
// CSPRNG cannot be seeded: a guessable key would defeat its purpose, so the write is refused instead.
std::optional<std::string> new_idempotency_key();

}  // namespace ca::api

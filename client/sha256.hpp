#pragma once
// SHA-256 (FIPS 180-4) of a byte string, in plain C++. The rate budget's name is a digest of the API key, needed
// when the client is built; OpenSSL's EVP digest would load its providers and configuration at start (several
// milliseconds) for one short hash, so this one stays out of OpenSSL.
#include <array>
#include <cstdint>
#include <string_view>

namespace ca::api {

std::array<std::uint8_t, 32> sha256(std::string_view bytes);

}  // namespace ca::api

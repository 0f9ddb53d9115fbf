// The plain-C++ SHA-256 behind the rate budget's name: the FIPS 180-4 examples, and OpenSSL's answer for every
// length across the one- and two-block padding boundaries (55/56 and 119/120 bytes), so that a budget's name is
// the same as before the digest left OpenSSL.
#include <catch2/catch.hpp>
#include <openssl/evp.h>

#include <string>

#include "client/sha256.hpp"

using ca::api::sha256;

namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return out;
}

std::string hex_sha256(std::string_view bytes) {
  const auto digest = sha256(bytes);
  return hex(digest.data(), digest.size());
}

std::string openssl_sha256(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return hex(digest, length);
}

}  // namespace

TEST_CASE("sha256 gives the FIPS 180-4 example digests", "[client][sha256]") {
  CHECK(hex_sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex_sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(hex_sha256(std::string(1'000'000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 agrees with OpenSSL for every length from 0 to 300 bytes", "[client][sha256]") {
  std::string input;
  for (std::size_t length = 0; length <= 300; ++length) {
    INFO("length " << length);
    CHECK(hex_sha256(input) == openssl_sha256(input));
    input += static_cast<char>('!' + (length * 7) % 90);
  }
}

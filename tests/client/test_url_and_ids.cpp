#include <catch2/catch.hpp>

#include <cctype>

#include "client/base_url.hpp"
#include "client/client.hpp"
#include "client/url_encoding.hpp"

using namespace ca::api;

TEST_CASE("query values are percent-encoded, unreserved characters kept", "[client][url]") {
  CHECK(percent_encode("a b&c=d/é?#%+") == "a%20b%26c%3Dd%2F%C3%A9%3F%23%25%2B");
  CHECK(percent_encode("AZaz09-_.~") == "AZaz09-_.~");
  CHECK(encode_query({}).empty());
  CHECK(encode_query({{"q", "natgeo & co"}, {"cursor", "eyJ2IjoxfQ=="}}) == "?q=natgeo%20%26%20co&cursor=eyJ2IjoxfQ%3D%3D");
}

TEST_CASE("path ids must be a UUID or an integer", "[client][url]") {
  CHECK(is_uuid("0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"));
  CHECK(is_uuid("0B3F2C14-9A6D-4F1E-8B2A-1C2D3E4F5A6B"));
  CHECK_FALSE(is_uuid("0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6"));
  CHECK_FALSE(is_uuid("../../whoami-9a6d-4f1e-8b2a-1c2d3e4f5a"));
  CHECK_FALSE(is_uuid("0b3f2c14x9a6d-4f1e-8b2a-1c2d3e4f5a6b"));
  for (int byte = 0; byte < 256; ++byte) {  // every byte in a digit's place: hex digits only, as std::isxdigit
    std::string id = "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b";
    id[35] = static_cast<char>(byte);
    INFO("byte " << byte);
    CHECK(is_uuid(id) == (std::isxdigit(byte) != 0));
  }
  CHECK(is_integer_id("12345"));
  CHECK_FALSE(is_integer_id(""));
  CHECK_FALSE(is_integer_id("-1"));
  CHECK_FALSE(is_integer_id("0"));
  CHECK_FALSE(is_integer_id("12a"));
  CHECK_FALSE(is_integer_id("1/../2"));
}

TEST_CASE("base URLs are split into origin and prefix", "[client][url]") {
  auto u = parse_base_url("https://api.creatoraudit.com/v2/");
  REQUIRE(u);
  CHECK(u->origin() == "https://api.creatoraudit.com:443");
  CHECK(u->path_prefix == "/v2");
  auto v6 = parse_base_url("http://[::1]:8080");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->origin() == "http://[::1]:8080");
  CHECK_FALSE(parse_base_url("ftp://x/v2"));
  CHECK_FALSE(parse_base_url("https://user:pw@host/v2"));
  CHECK_FALSE(parse_base_url("https://host:99999/v2"));
  CHECK_FALSE(parse_base_url("https://host/v2?x=1"));
}

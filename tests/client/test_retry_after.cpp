#include <catch2/catch.hpp>

#include "client/retry_after.hpp"

using namespace ca::api;

TEST_CASE("Retry-After is read as delta-seconds or as an HTTP-date", "[client][retry-after]") {
  const ca::WallTime now = ca::WallTime{} + std::chrono::seconds(1'800'000'000);
  CHECK(parse_retry_after("30", now) == ca::Millis(30'000));
  CHECK(parse_retry_after(" 0 ", now) == ca::Millis(0));
  CHECK(parse_retry_after(format_http_date(now + std::chrono::seconds(45)), now) == ca::Millis(45'000));
  CHECK(parse_retry_after(format_http_date(now - std::chrono::seconds(5)), now) == ca::Millis(0));
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("-3", now));
  CHECK_FALSE(parse_retry_after("", now));
  CHECK(parse_retry_after("99999999999999", now) == ca::Millis(1'000'000'000'000));  // capped, no overflow
}

TEST_CASE("all three HTTP-date forms parse to the same instant", "[client][retry-after]") {
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
  CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == 784111777);
  CHECK_FALSE(parse_http_date("06 Nov 1994"));
}

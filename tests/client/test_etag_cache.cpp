#include <catch2/catch.hpp>

#include "client/etag_cache.hpp"

using namespace ca::api;

TEST_CASE("the ETag cache never exceeds its byte budget and evicts least recently used", "[client][etag]") {
  EtagCache cache(100);
  const std::string body(30, 'x');  // each entry costs url(2) + etag(3) + 30 = 35 bytes
  cache.store("/a", "\"1\"", body);
  cache.store("/b", "\"2\"", body);
  CHECK(cache.bytes_used() == 70);
  REQUIRE(cache.lookup("/a"));  // /a is now the most recently used
  cache.store("/c", "\"3\"", body);
  CHECK(cache.bytes_used() <= cache.budget());
  CHECK(cache.lookup("/a"));
  CHECK_FALSE(cache.lookup("/b"));  // evicted
  CHECK(cache.lookup("/c"));
  for (int i = 0; i < 50; ++i) {
    cache.store("/k" + std::to_string(i), "\"e\"", std::string(static_cast<std::size_t>(i), 'y'));
    REQUIRE(cache.bytes_used() <= 100);
  }
}

TEST_CASE("an entry bigger than the whole budget is not cached", "[client][etag]") {
  EtagCache cache(100);
  cache.store("/small", "\"1\"", "{}");
  cache.store("/big", "\"2\"", std::string(200, 'z'));
  CHECK_FALSE(cache.lookup("/big"));
  CHECK(cache.lookup("/small"));
  CHECK(cache.bytes_used() == 2 + 3 + 6);
}

TEST_CASE("storing a URL again replaces its entry", "[client][etag]") {
  EtagCache cache(1000);
  cache.store("/a", "\"1\"", "old");
  cache.store("/a", "\"2\"", "new!");
  auto hit = cache.lookup("/a");
  REQUIRE(hit);
  CHECK(hit->etag == "\"2\"");
  CHECK(*hit->body == "new!");
  CHECK(cache.entries() == 1);
  CHECK(cache.bytes_used() == 2 + 3 + 4);
}

TEST_CASE("only entity-tags are stored: a tag that could not be sent back is not kept", "[client][etag]") {
  CHECK(is_entity_tag("\"abc\""));
  CHECK(is_entity_tag("W/\"abc\""));
  CHECK(is_entity_tag("\"\""));
  CHECK(is_entity_tag("\"caf\xc3\xa9\""));  // obs-text
  for (const char* bad : {"abc", "\"a\tb\"", "\"a b\"", "\"a\"b\"", "\"a\x7f\"", "\"a\x1b[2J\"", "\"", "W/abc"}) {
    INFO(bad);
    CHECK_FALSE(is_entity_tag(bad));
  }
  EtagCache cache(1000);
  cache.store("/a", "\"1\"", "old");
  cache.store("/a", "\"a\tb\"", "new");  // the old entry is stale now, and the new tag unusable
  CHECK_FALSE(cache.lookup("/a"));
  CHECK(cache.bytes_used() == 0);
}

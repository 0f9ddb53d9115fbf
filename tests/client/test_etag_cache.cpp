#include <catch2/catch.hpp>

#include "client/etag_cache.hpp"

using ca::Json;
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

TEST_CASE("an entry keeps the tree a 304 parsed, charged at its heap bytes, until its body is replaced",
          "[client][etag]") {
  EtagCache cache(100'000);
  const std::string body = R"({"data":[{"id":"a","name":"first account with a long enough name"}]})";
  cache.store("/a", "\"1\"", body);
  const std::size_t without_tree = cache.bytes_used();
  const auto stored_body = cache.lookup("/a")->body;
  const Json tree = Json::parse(body);
  const ItemFields fields = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"id"});

  // The same bytes, but not the entry's body: a tree is kept only for the body it was parsed from.
  cache.keep_parsed("/a", std::make_shared<const std::string>(body), fields, tree);
  CHECK_FALSE(cache.lookup("/a")->parsed);
  CHECK(cache.bytes_used() == without_tree);

  cache.keep_parsed("/a", stored_body, fields, tree);
  auto hit = cache.lookup("/a");
  REQUIRE(hit->parsed);
  CHECK(*hit->parsed == tree);
  const std::size_t tree_bytes = ca::json_heap_bytes(Json(tree));  // the cache keeps a copy, sized to fit
  CHECK(cache.bytes_used() == without_tree + tree_bytes);
  // Only for the same members: the same names in a list of their own, not other names, not "every member".
  CHECK(hit->parsed_for_fields(std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"id"})));
  CHECK_FALSE(hit->parsed_for_fields(
      std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"id", "name"})));
  CHECK_FALSE(hit->parsed_for_fields(nullptr));

  // Another projection replaces the tree (charged anew); "every member" is null or an empty list alike.
  cache.keep_parsed("/a", stored_body, nullptr, tree);
  hit = cache.lookup("/a");
  CHECK(hit->parsed_for_fields(std::make_shared<const std::vector<std::string>>()));
  CHECK(cache.bytes_used() == without_tree + tree_bytes);

  // Stored again (a new 200, even with the same tag, as after an eviction): a new entry without a tree, and a tree
  // parsed from the replaced body is not attached to it.
  cache.store("/a", "\"1\"", body);
  CHECK_FALSE(cache.lookup("/a")->parsed);
  CHECK(cache.bytes_used() == without_tree);
  cache.keep_parsed("/a", stored_body, fields, tree);
  CHECK_FALSE(cache.lookup("/a")->parsed);
}

TEST_CASE("a kept tree evicts other entries to fit, never its own, and one over the budget is not kept",
          "[client][etag]") {
  const std::string body = R"({"data":[]})";
  Json built = Json::object();
  for (int i = 0; i < 20; ++i) built["member " + std::to_string(i)] = std::string(40, 'v');
  const Json tree = built;  // a copy has no spare capacity: the cache's copy of it is charged exactly this
  const std::size_t tree_bytes = ca::json_heap_bytes(tree);
  const std::size_t entry_bytes = 2 + 3 + body.size();
  EtagCache cache(tree_bytes + 2 * entry_bytes);
  cache.store("/a", "\"1\"", body);
  const auto a_body = cache.lookup("/a")->body;
  cache.store("/b", "\"2\"", body);
  cache.store("/c", "\"3\"", body);
  // /a is now the least recently used entry, and the one given a tree: /b, next in line, makes room instead.
  cache.keep_parsed("/a", a_body, nullptr, tree);
  CHECK(cache.bytes_used() <= cache.budget());
  CHECK_FALSE(cache.lookup("/b"));
  CHECK(cache.lookup("/c"));
  REQUIRE(cache.lookup("/a"));
  CHECK(cache.lookup("/a")->parsed);

  EtagCache small(tree_bytes / 2);
  small.store("/a", "\"1\"", body);
  small.keep_parsed("/a", small.lookup("/a")->body, nullptr, tree);
  REQUIRE(small.lookup("/a"));
  CHECK_FALSE(small.lookup("/a")->parsed);
  CHECK(small.bytes_used() == entry_bytes);
}

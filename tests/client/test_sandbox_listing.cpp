// Pagination, batch metrics and conditional GETs against the sandbox, counted from its request log.
#include <catch2/catch.hpp>
#include <set>

#include "sandbox_fixture.hpp"

using namespace ca;
using namespace ca::api;

namespace {

std::vector<std::string> ids_of(const std::vector<Json>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.at("id").get<std::string>());
  return ids;
}

}  // namespace

TEST_CASE("listing 1,000 accounts takes exactly 5 requests of 200", "[client][sandbox][pagination]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  auto page = client.list_accounts({}, 1000, std::nullopt, {});
  REQUIRE(page.ok());
  CHECK(page.value().items.size() == 1000);
  const auto ids = ids_of(page.value().items);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 1000);
  CHECK_FALSE(page.value().has_next);
  CHECK_FALSE(page.value().next_cursor);
  CHECK(page.value().requests == 5);
  const auto log = fx.sandbox.request_log();
  REQUIRE(log.size() == 5);
  for (const auto& entry : log) {
    CHECK(entry.query.find("limit=200") != std::string::npos);
    CHECK(entry.query.find("include_total") == std::string::npos);
  }
  test::record_requests("list 1000 accounts", log.size());
}

TEST_CASE("a resumed listing continues with no duplicate and no gap", "[client][sandbox][pagination]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  AccountFilter filter;
  filter.order_by = "username";
  filter.order_direction = "asc";
  auto all = client.list_accounts(filter, 1000, std::nullopt, {});
  REQUIRE(all.ok());
  fx.sandbox.clear_request_log();

  auto first = client.list_accounts(filter, 300, std::nullopt, {});
  REQUIRE(first.ok());
  CHECK(first.value().items.size() == 300);
  CHECK(first.value().has_next);
  REQUIRE(first.value().next_cursor);
  CHECK(first.value().requests == 2);  // 200 + 100
  auto rest = client.list_accounts(filter, 1000, first.value().next_cursor, {});
  REQUIRE(rest.ok());
  CHECK(rest.value().requests == 4);  // 200 + 200 + 200 + the last 100 (has_next=false)

  auto joined = ids_of(first.value().items);
  auto tail = ids_of(rest.value().items);
  joined.insert(joined.end(), tail.begin(), tail.end());
  CHECK(joined == ids_of(all.value().items));
  // Every page carried the same filters and sort.
  for (const auto& entry : fx.sandbox.request_log())
    CHECK(entry.query.find("order_by=username&order_direction=asc") != std::string::npos);
  test::record_requests("list 300 then resume to the end", fx.sandbox.request_log().size());
}

TEST_CASE("a listing stops at max_pages and hands back the cursor", "[client][sandbox][pagination]") {
  test::SandboxFixture fx;
  auto config = fx.config();
  config.max_pages = 2;
  Client client(config);
  auto page = client.list_accounts({}, 1000, std::nullopt, {});
  REQUIRE(page.ok());
  CHECK(page.value().requests == 2);
  CHECK(page.value().items.size() == 400);
  CHECK(page.value().has_next);
  CHECK(page.value().next_cursor);
}

TEST_CASE("include_total is sent only when asked for", "[client][sandbox][pagination]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  auto page = client.list(ListRequest{"/accounts", {}, 10, std::nullopt, true}, {});
  REQUIRE(page.ok());
  REQUIRE(page.value().total_count);
  CHECK(*page.value().total_count == 1000);
  CHECK(fx.sandbox.request_log().at(0).query.find("include_total=true") != std::string::npos);
}

TEST_CASE("metrics for 450 ids take exactly 3 requests, duplicates removed and results merged",
          "[client][sandbox][batch]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < 450; ++i) ids.push_back(fx.sandbox.account_id_at(i));
  for (std::size_t i = 0; i < 20; ++i) ids.push_back(fx.sandbox.account_id_at(i));  // duplicates
  const std::string unknown = "00000000-0000-4000-8000-000000000000";
  ids.push_back(unknown);
  auto metrics = client.account_metrics(ids, MetricsWindow{}, {});
  REQUIRE(metrics.ok());
  CHECK(metrics.value().requests == 3);
  CHECK(fx.count("POST", "/v2/accounts/metrics") == 3);
  CHECK(metrics.value().rows.size() == 450);
  CHECK(metrics.value().rows.front().first == fx.sandbox.account_id_at(0));
  CHECK(metrics.value().not_found == std::vector<std::string>{unknown});
  CHECK(metrics.value().failures.empty());
  CHECK(metrics.value().window.value("period", "") == "30d");
  test::record_requests("metrics for 450 ids (+20 duplicates, 1 unknown)", fx.sandbox.request_log().size());
}

TEST_CASE("a failing chunk is recorded while the other chunks' rows are returned", "[client][sandbox][batch]") {
  test::SandboxFixture fx;
  auto config = fx.config();
  config.max_attempts = 1;
  Client client(config);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < 250; ++i) ids.push_back(fx.sandbox.account_id_at(i));
  fx.sandbox.script_statuses({500}, "/v2/accounts/metrics");  // the first chunk fails
  auto metrics = client.account_metrics(ids, MetricsWindow{}, {});
  REQUIRE(metrics.ok());
  REQUIRE(metrics.value().failures.size() == 1);
  CHECK(metrics.value().failures[0].ids.size() == 200);
  CHECK(metrics.value().failures[0].error.status == 500);
  CHECK(metrics.value().rows.size() == 50);
}

TEST_CASE("a second identical GET sends If-None-Match and is served from a 304", "[client][sandbox][etag]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  const std::string id = fx.sandbox.first_account_id();
  auto first = client.get_account(id, {});
  auto second = client.get_account(id, {});
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first.value() == second.value());
  const auto log = fx.sandbox.request_log();
  REQUIRE(log.size() == 2);
  CHECK(log[0].if_none_match.empty());
  CHECK(log[0].status == 200);
  CHECK_FALSE(log[1].if_none_match.empty());
  CHECK(log[1].status == 304);
  CHECK(client.etag_cache_stats().bytes <= client.etag_cache_stats().budget);
  test::record_requests("GET twice (200 then 304)", log.size());
}

TEST_CASE("the first 304 keeps the parsed body with the cache entry, charged once, and later 304s answer the same",
          "[client][sandbox][etag]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  const std::string id = fx.sandbox.first_account_id();
  auto first = client.get_account(id, {});
  const auto after_200 = client.etag_cache_stats();
  auto second = client.get_account(id, {});
  const auto after_304 = client.etag_cache_stats();
  auto third = client.get_account(id, {});
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  REQUIRE(third.ok());
  CHECK(second.value() == first.value());
  CHECK(third.value() == first.value());
  CHECK(after_304.bytes > after_200.bytes);  // the tree is charged once, by the first 304
  CHECK(client.etag_cache_stats().bytes == after_304.bytes);
  CHECK(client.etag_cache_stats().entries == 1);
  const auto log = fx.sandbox.request_log();
  REQUIRE(log.size() == 3);
  CHECK(log[1].status == 304);
  CHECK(log[2].status == 304);
}

TEST_CASE("the ETag cache stays within its byte budget under real responses", "[client][sandbox][etag]") {
  test::SandboxFixture fx;
  auto config = fx.config();
  config.etag_cache_bytes = 6'000;
  Client client(config);
  for (std::size_t i = 0; i < 30; ++i) {
    REQUIRE(client.get_account(fx.sandbox.account_id_at(i), {}).ok());
    REQUIRE(client.etag_cache_stats().bytes <= 6'000);
  }
  CHECK(client.etag_cache_stats().entries > 0);
  // A page of 200 accounts is far over the budget: served, but not cached.
  auto before = client.etag_cache_stats();
  REQUIRE(client.list_accounts({}, 200, std::nullopt, {}).ok());
  CHECK(client.etag_cache_stats().bytes <= 6'000);
  CHECK(client.etag_cache_stats().entries <= before.entries);
}

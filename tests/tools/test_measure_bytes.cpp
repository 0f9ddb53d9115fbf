// The byte savings quoted in docs/tools.md: raw API JSON versus the tool's text result (dump_compact of the
// structured result, which is what the server sends as the text block). Run:
//   build/<dir>/tests/tools/ca_tools_tests "[measure]" -s
#include <httplib.h>

#include <catch2/catch.hpp>
#include <iostream>

#include "sandbox_fixture.hpp"

using ca::Json;
using ca::tools::testing::SandboxFixture;

namespace {

httplib::Headers auth() { return {{"Authorization", "Bearer sandbox-key"}}; }

}  // namespace

TEST_CASE("tool text is smaller than the raw API JSON it summarises", "[sandbox][measure]") {
  SandboxFixture f;
  httplib::Client http("127.0.0.1", f.sandbox.port());

  const auto raw_page = http.Get("/v2/accounts?limit=50", auth());
  REQUIRE(raw_page);
  REQUIRE(raw_page->status == 200);
  const auto page = f.call("list_accounts", {{"max_results", 50}});
  REQUIRE_FALSE(page.is_error);
  const std::size_t page_text = ca::dump_compact(page.structured).size();

  Json ids = Json::array();
  for (std::size_t i = 0; i < 200; ++i) ids.push_back(f.sandbox.account_id_at(i));
  const auto raw_metrics =
      http.Post("/v2/accounts/metrics", auth(), ca::dump_compact(Json{{"account_ids", ids}, {"period", "30d"}}),
                "application/json");
  REQUIRE(raw_metrics);
  REQUIRE(raw_metrics->status == 200);
  const auto metrics = f.call("get_metrics", {{"account_ids", ids}});
  REQUIRE_FALSE(metrics.is_error);
  const std::size_t metrics_text = ca::dump_compact(metrics.structured).size();

  std::cout << "list_accounts, 50 accounts: raw API " << raw_page->body.size() << " B, tool text " << page_text
            << " B\nget_metrics, 200 accounts: raw API " << raw_metrics->body.size() << " B, tool text " << metrics_text
            << " B\n";
  CHECK(page_text < raw_page->body.size());
  CHECK(metrics.structured["returned"] == 200);
}

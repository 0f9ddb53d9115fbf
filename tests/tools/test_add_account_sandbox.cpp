#include <catch2/catch.hpp>

#include "sandbox_fixture.hpp"

using ca::Json;
using ca::tools::testing::refresh_after;
using ca::tools::testing::SandboxFixture;

TEST_CASE("add_account creates the account and waits for its first refresh", "[sandbox][add_account]") {
  SandboxFixture f(refresh_after(ca::Millis(3000)));
  const auto result = f.call("add_account", {{"username", "https://www.tiktok.com/@new.creator?lang=en"}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["status"] == "created");
  CHECK(result.structured["refresh"] == "complete");
  CHECK(result.structured["account"]["username"] == "new.creator");
  CHECK(result.structured["account"]["platform"] == "tiktok");
  CHECK(result.structured["account"].contains("followers"));
  CHECK_FALSE(result.structured.contains("hint"));
  CHECK(f.requests("POST", "/v2/accounts") == 1);
  for (const auto sleep : f.clock.sleeps()) CHECK(sleep >= ca::Millis(2000));  // never polls more often than 2 s
}

TEST_CASE("add_account of a tracked account reports already_tracked and finds it by listing",
          "[sandbox][add_account]") {
  SandboxFixture f;
  const auto listed = f.call("list_accounts", {{"platform", "instagram"}, {"max_results", 1}});
  const Json existing = listed.structured["accounts"][0];
  f.clear_log();
  const auto result =
      f.call("add_account", {{"username", "@" + existing["username"].get<std::string>()}, {"platform", "instagram"}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["status"] == "already_tracked");
  CHECK(result.structured["account"]["id"] == existing["id"]);
  CHECK(result.structured["refresh"] == "complete");
  CHECK(f.requests("POST", "/v2/accounts") == 1);
  CHECK(f.requests("GET", "/v2/accounts") == 1);  // the lookup by platform + q
}

TEST_CASE("add_account returns pending with a hint when the refresh outlasts wait_seconds", "[sandbox][add_account]") {
  SandboxFixture f(refresh_after(ca::Millis(600'000)));
  const auto result =
      f.call("add_account", {{"username", "slow.one"}, {"platform", "instagram"}, {"wait_seconds", 10}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["status"] == "created");
  CHECK(result.structured["refresh"] == "pending");
  CHECK(result.structured["account"]["last_scrape_time"] == "pending first refresh");
  CHECK_FALSE(result.structured["account"].contains("followers"));
  CHECK(result.structured["check_again_after_seconds"].get<int>() > 0);
  CHECK_THAT(result.structured["hint"].get<std::string>(),
             Catch::Contains("list_accounts") && Catch::Contains("slow.one"));
  CHECK(f.clock.total_slept() <= ca::Millis(10'000));
  const int polls = f.requests("GET", "/v2/accounts/");
  CHECK(polls >= 2);
  CHECK(polls <= 6);  // 2 s growing by half: a handful of polls in 10 s, never a tight loop
}

TEST_CASE("a cancelled add_account stops polling", "[sandbox][add_account]") {
  SandboxFixture f(refresh_after(ca::Millis(600'000)));
  // Cancel as soon as the first poll reports progress, as a client's notifications/cancelled would.
  f.context.on_progress = [&](double, std::optional<double>, const std::string&) { f.context.cancel.cancel(); };
  const auto result = f.call("add_account", {{"username", "cancel.me"}, {"platform", "tiktok"}, {"wait_seconds", 45}});
  CHECK(f.requests("GET", "/v2/accounts/") == 1);
  CHECK(f.clock.total_slept() < ca::Millis(2000));
  REQUIRE_FALSE(result.is_error);  // the account was created; the result says so, pending
  CHECK(result.structured["refresh"] == "pending");
}

TEST_CASE("add_account with wait_seconds 0 returns at once without polling", "[sandbox][add_account]") {
  SandboxFixture f;
  const auto result = f.call("add_account", {{"username", "quick.one"}, {"platform", "tiktok"}, {"wait_seconds", 0}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["refresh"] == "pending");
  CHECK(f.requests("GET", "/v2/accounts/") == 0);
}

TEST_CASE("add_account passes on an API refusal with its request ID", "[sandbox][add_account]") {
  SandboxFixture f;
  f.sandbox.set_account_quota(0);
  const auto result = f.call("add_account", {{"username", "over.quota"}, {"platform", "tiktok"}});
  REQUIRE(result.is_error);
  CHECK_THAT(result.error_message, Catch::Contains("CreatorAudit 403") && Catch::Contains("request_id="));
}

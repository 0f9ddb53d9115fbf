// What goes on the wire: headers, encoded queries, validated ids, refused configurations, cancellation, polling.
#include <catch2/catch.hpp>

#include "common/version.hpp"
#include "sandbox_fixture.hpp"

using namespace ca;
using namespace ca::api;

TEST_CASE("every request is authenticated and query values are percent-encoded", "[client][sandbox][requests]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  AccountFilter filter;
  filter.q = "a b&c=d/é";
  filter.platform = "tiktok";
  REQUIRE(client.list_accounts(filter, 5, std::nullopt, {}).ok());
  const auto log = fx.sandbox.request_log();
  REQUIRE(log.size() == 1);
  CHECK(log[0].auth_present);
  CHECK(log[0].query.find("platform=tiktok") != std::string::npos);
  CHECK(log[0].query.find("q=a%20b%26c%3Dd%2F%C3%A9") != std::string::npos);
  CHECK(log[0].query.find("limit=5") != std::string::npos);
}

TEST_CASE("path ids are validated before any request is sent", "[client][sandbox][requests]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  for (const char* id : {"../whoami", "", "abc", "1 2", "00000000-0000-4000-8000-00000000000g"}) {
    auto account = client.get_account(id, {});
    REQUIRE_FALSE(account.ok());
    CHECK(account.error().kind == ErrorKind::InvalidArgument);
  }
  auto metrics = client.account_metrics({"not-a-uuid"}, MetricsWindow{}, {});
  REQUIRE_FALSE(metrics.ok());
  CHECK(metrics.error().kind == ErrorKind::InvalidArgument);
  CHECK(fx.sandbox.request_log().empty());
}

TEST_CASE("a client for http:// to a non-loopback host refuses every call", "[client][requests]") {
  ClientConfig config;
  config.base_url = "http://api.creatoraudit.com/v2";
  config.api_key = "test-api-key";
  Client client(config);
  auto me = client.whoami({});
  REQUIRE_FALSE(me.ok());
  CHECK(me.error().kind == ErrorKind::Configuration);
  CHECK(me.error().attempts == 0);
}

TEST_CASE("a cancelled call sends nothing", "[client][sandbox][requests]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  CallOptions options;
  options.cancel.cancel();
  auto me = client.whoami(options);
  REQUIRE_FALSE(me.ok());
  CHECK(me.error().kind == ErrorKind::Cancelled);
  CHECK(fx.sandbox.request_log().empty());
}

TEST_CASE("typed endpoints reach their paths", "[client][sandbox][requests]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  CHECK(client.whoami({}).ok());
  CHECK(client.overview("7d", {}).ok());
  CHECK(client.search("a", 5, {}).ok());
  CHECK(client.top_creators("30d", 5, {}).ok());
  CHECK(client.list_creators({}, 3, std::nullopt, {}).ok());
  CHECK(client.list_videos({}, 3, std::nullopt, {}).ok());
  auto account_videos = client.list_account_videos({}, 3, std::nullopt, {});
  REQUIRE(account_videos.ok());
  CHECK(client.video_metrics({fx.sandbox.first_video_id()}, MetricsWindow{"7d", {}, {}}, {}).ok());
  auto av = client.account_video_metrics({fx.sandbox.first_account_video_id()}, {}, MetricsWindow{}, {});
  REQUIRE(av.ok());
  CHECK(av.value().requests == 1);
  for (const auto& entry : fx.sandbox.request_log()) {
    INFO(entry.method << " " << entry.path << " -> " << entry.status);
    CHECK(entry.status == 200);
  }
}

TEST_CASE("polling waits with a growing interval until the first refresh lands", "[client][sandbox][polling]") {
  sandbox::SandboxOptions options;
  options.first_refresh_delay = Millis(10'000);
  test::SandboxFixture fx(options);
  Client client(fx.config());
  auto created = client.create_account({{"platform", "instagram"}, {"username", "poll_me"}}, {});
  REQUIRE(created.ok());
  CHECK(created.value().status == 201);
  const std::string id = created.value().account.at("id");
  std::vector<double> progress;
  CallOptions call;
  call.on_progress = [&](double done, std::optional<double>, const std::string&) { progress.push_back(done); };
  auto outcome = client.poll_until([&] { return client.get_account(id, call); },
                                   [](const Json& a) { return a.contains("last_scrape_time") && !a["last_scrape_time"].is_null(); },
                                   Millis(60'000), call);
  REQUIRE(outcome.ok());
  CHECK(outcome.value().satisfied);
  CHECK(outcome.value().polls >= 2);
  const auto sleeps = fx.clock.sleeps();
  REQUIRE(sleeps.size() >= 2);
  CHECK(sleeps[0] == Millis(2'000));
  CHECK(sleeps[1] == Millis(3'000));
  CHECK(progress.size() == static_cast<std::size_t>(outcome.value().polls));
  test::record_requests("create + poll until first refresh", fx.sandbox.request_log().size());
}

TEST_CASE("polling stops at max_wait and on cancellation", "[client][sandbox][polling]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  const std::string id = fx.sandbox.first_account_id();
  auto never = [](const Json&) { return false; };
  auto timed_out = client.poll_until([&] { return client.get_account(id, {}); }, never, Millis(10'000), {});
  REQUIRE(timed_out.ok());
  CHECK_FALSE(timed_out.value().satisfied);
  CHECK(fx.clock.total_slept() <= Millis(10'000));
  CHECK(timed_out.value().polls <= 6);

  CallOptions cancelled;
  int polls = 0;
  auto stopped = client.poll_until(
      [&] {
        if (++polls == 2) cancelled.cancel.cancel();
        return client.get_account(id, {});
      },
      never, Millis(60'000), cancelled);
  REQUIRE_FALSE(stopped.ok());
  CHECK(stopped.error().kind == ErrorKind::Cancelled);
  CHECK(polls == 2);
}

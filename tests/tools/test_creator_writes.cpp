// add_creator and update_creator against the sandbox (request counts and Idempotency-Keys from the sandbox log,
// per-account link outcomes, replacement metadata) and against an upstream that answers writes with bodies no API
// should; and --read-only refusing every write tool.
#include <catch2/catch.hpp>

#include "canned_tools.hpp"
#include "sandbox_fixture.hpp"

using ca::Json;
using ca::tools::testing::CannedTools;
using ca::tools::testing::SandboxFixture;

namespace {

// Tracked accounts that are (linked = true) or are not linked to a creator, as compact rows.
std::vector<Json> accounts_where(SandboxFixture& f, bool linked, std::size_t count) {
  std::vector<Json> found;
  const auto listed = f.call("list_accounts", {{"max_results", 200}, {"fields", {"creator_id"}}});
  for (const auto& row : listed.structured["accounts"]) {
    if (row.contains("creator_id") == linked && found.size() < count) found.push_back(row);
  }
  REQUIRE(found.size() == count);
  return found;
}

std::string handle_of(const Json& row) {
  return row["platform"].get<std::string>() + ":" + row["username"].get<std::string>();
}

}  // namespace

TEST_CASE("add_creator creates the creator once and links accounts given by id and by handle",
          "[sandbox][add_creator]") {
  SandboxFixture f;
  const auto free = accounts_where(f, false, 2);
  f.clear_log();
  const auto result = f.call("add_creator", {{"name", "Nora Schmidt Media"},
                                             {"metadata", {{"tier", "gold"}}},
                                             {"accounts", {free[0]["id"], handle_of(free[1])}}});
  REQUIRE_FALSE(result.is_error);
  const Json& creator = result.structured["creator"];
  CHECK(creator["name"] == "Nora Schmidt Media");
  CHECK(creator["metadata"] == Json{{"tier", "gold"}});
  REQUIRE(result.structured["linked"].size() == 2);
  CHECK(result.structured["linked"][0]["id"] == free[0]["id"]);
  CHECK(result.structured["linked"][1] == Json{{"account", handle_of(free[1])}, {"id", free[1]["id"]}});
  CHECK_FALSE(result.structured.contains("not_linked"));
  CHECK(f.requests("POST", "/v2/creators") == 1);
  CHECK(f.requests("PUT", "/v2/creators/") == 2);
  CHECK(f.requests("GET", "/v2/accounts") == 1);  // the one handle's lookup

  const auto shown = f.call("list_creators", {{"creator_id", creator["id"]}});
  CHECK(shown.structured["creators"][0]["accounts"] == 2);
  CHECK(shown.structured["accounts"].size() == 2);
}

TEST_CASE("add_creator reports each account it could not link and links the others", "[sandbox][add_creator]") {
  SandboxFixture f;
  const auto owned = accounts_where(f, true, 1);
  const auto free = accounts_where(f, false, 1);
  f.clear_log();
  const auto result = f.call(
      "add_creator",
      {{"name", "Partly Linked"},
       {"accounts", {owned[0]["id"], "tiktok:no.such.account", free[0]["id"], "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"}}});
  REQUIRE_FALSE(result.is_error);  // the creator exists: only per-account outcomes failed
  REQUIRE(result.structured["linked"].size() == 1);
  CHECK(result.structured["linked"][0]["id"] == free[0]["id"]);
  const Json& not_linked = result.structured["not_linked"];
  REQUIRE(not_linked.size() == 3);
  const auto reason_of = [&](const Json& account) {
    for (const auto& entry : not_linked) {
      if (entry["account"] == account) return entry["reason"].get<std::string>();
    }
    return std::string("(missing)");
  };
  CHECK_THAT(reason_of(owned[0]["id"]), Catch::Contains("another creator") && Catch::Contains("409") &&
                                             Catch::Contains("request_id="));
  CHECK_THAT(reason_of("tiktok:no.such.account"), Catch::Contains("add_account"));
  CHECK_THAT(reason_of("0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"), Catch::Contains("404"));
  CHECK(f.requests("POST", "/v2/creators") == 1);
  CHECK(f.requests("PUT", "/v2/creators/") == 3);  // the unknown handle costs no link request
}

TEST_CASE("add_creator retries its create with the same Idempotency-Key", "[sandbox][add_creator]") {
  SandboxFixture f;
  f.sandbox.script_statuses({503}, "/v2/creators");
  const auto result = f.call("add_creator", {{"name", "Retried Once"}});
  REQUIRE_FALSE(result.is_error);
  std::vector<std::string> keys;
  for (const auto& entry : f.sandbox.request_log()) {
    if (entry.method == "POST" && entry.path == "/v2/creators") keys.push_back(entry.idempotency_key);
  }
  REQUIRE(keys.size() == 2);
  CHECK_FALSE(keys[0].empty());
  CHECK(keys[0] == keys[1]);
  // A second call is a second creator, with a key of its own.
  REQUIRE_FALSE(f.call("add_creator", {{"name", "Retried Once"}}).is_error);
  CHECK(f.sandbox.request_log().back().idempotency_key != keys[0]);
}

TEST_CASE("add_creator refuses bad account entries and metadata before any request", "[sandbox][add_creator]") {
  SandboxFixture f;
  CHECK(f.call("add_creator", {{"name", "X"}, {"accounts", {"natgeo"}}}).is_error);
  Json many = Json::object();
  for (int i = 0; i < 21; ++i) many["k" + std::to_string(i)] = "v";
  CHECK_THAT(f.call("add_creator", {{"name", "X"}, {"metadata", many}}).error_message, Catch::Contains("at most 20"));
  CHECK(f.call("add_creator", {{"name", ""}}).is_error);
  CHECK(f.sandbox.request_log().empty());
}

TEST_CASE("update_creator renames, archives, restores and replaces metadata with one PATCH each",
          "[sandbox][update_creator]") {
  SandboxFixture f;
  const auto created = f.call("add_creator", {{"name", "Before"}, {"metadata", {{"a", "1"}, {"b", "2"}}}});
  const Json id = created.structured["creator"]["id"];
  f.clear_log();
  const auto renamed = f.call("update_creator", {{"creator_id", id}, {"name", "After"}});
  REQUIRE_FALSE(renamed.is_error);
  CHECK(renamed.structured["creator"]["name"] == "After");
  CHECK(renamed.structured["creator"]["metadata"] == Json{{"a", "1"}, {"b", "2"}});  // left out = unchanged
  const auto archived = f.call("update_creator", {{"creator_id", id}, {"is_active", false}});
  CHECK(archived.structured["creator"]["archived"] == true);
  const auto replaced = f.call("update_creator", {{"creator_id", id}, {"is_active", true}, {"metadata", {{"c", "3"}}}});
  CHECK_FALSE(replaced.structured["creator"].contains("archived"));
  CHECK(replaced.structured["creator"]["metadata"] == Json{{"c", "3"}});  // replaced, not merged
  const auto cleared = f.call("update_creator", {{"creator_id", id}, {"metadata", Json::object()}});
  CHECK_FALSE(cleared.structured["creator"].contains("metadata"));
  CHECK(f.requests("PATCH", "/v2/creators/") == 4);

  CHECK_THAT(f.call("update_creator", {{"creator_id", id}}).error_message, Catch::Contains("nothing to change"));
  const auto unknown = f.call("update_creator", {{"creator_id", "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"}, {"name", "X"}});
  CHECK_THAT(unknown.error_message, Catch::Contains("404") && Catch::Contains("request_id="));
  CHECK(f.requests("PATCH", "/v2/creators/") == 5);  // the argument error sent nothing
}

TEST_CASE("the creator write tools answer within their schemas whatever the API sends back",
          "[hostile][add_creator][update_creator]") {
  CannedTools tools;
  const std::string id = "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b";
  const std::vector<std::string> bodies = {
      "", "null", "[]", "{\"data\":null}", "{\"data\":{\"id\":7}}", "{\"data\":{\"id\":\"" + id + "\",\"name\":\"\\u202eX\\u001b\"}}",
      "{\"data\":{\"id\":\"" + id + "\",\"metadata\":{\"k\":\"" + std::string(6000, 'v') + "\"},\"accounts_summary\":[]}}"};
  for (const auto& body : bodies) {
    INFO(body.substr(0, 80));
    tools.upstream.on("POST", "/creators", {201, body, {{"Content-Type", "application/json"}}});
    tools.upstream.on("PUT", "/creators/*", {200, body, {{"Content-Type", "application/json"}}});
    tools.upstream.on("PATCH", "/creators/*", {200, body, {{"Content-Type", "application/json"}}});
    const auto created = tools.call("add_creator", {{"name", "X"}, {"accounts", {id}}});
    if (!created.is_error) CHECK(created.structured["creator"]["id"] == id);
    const auto updated = tools.call("update_creator", {{"creator_id", id}, {"name", "Y"}});
    if (body.empty()) {
      CHECK(updated.is_error);  // an answer that is not JSON is the client's error
    } else {
      REQUIRE_FALSE(updated.is_error);  // JSON without a usable creator is a note, not a failure
      CHECK(updated.structured["creator"]["id"] == id);
    }
  }
  // A hostile 409 body on a link is one account's reason, sanitized.
  tools.upstream.on_json("POST", "/creators", {{"data", {{"id", id}}}}, 201);
  tools.upstream.on("PUT", "/creators/*",
                    {409, "{\"title\":\"\\u202eConflict\",\"detail\":\"" + std::string(5000, 'd') + "\\u001b[31m\"}",
                     {{"Content-Type", "application/problem+json"}}});
  const auto conflicted = tools.call("add_creator", {{"name", "X"}, {"accounts", {id}}});
  REQUIRE_FALSE(conflicted.is_error);
  const std::string reason = conflicted.structured["not_linked"][0]["reason"];
  CHECK(reason.find("\u202e") == std::string::npos);
  CHECK(reason.find('\x1b') == std::string::npos);
  CHECK(reason.size() < 2000);
}

TEST_CASE("--read-only removes and refuses every write tool", "[registry][selection]") {
  ca::tools::ToolSelection selection;
  selection.read_only = true;
  const auto registry = ca::tools::build_product_registry(nullptr, selection);
  for (const char* name : {"add_account", "add_video", "add_creator", "update_creator"}) {
    INFO(name);
    for (const auto* tool : registry.tools()) CHECK(tool->definition().name != name);
    ca::tools::ToolContext context;
    const auto refused = registry.run(*registry.find(name), Json::object(), context);
    CHECK_THAT(refused.error_message, Catch::Contains("not enabled") && Catch::Contains("--read-only"));
    const auto& annotations = registry.find(name)->definition().annotations;
    CHECK_FALSE(annotations.read_only);
    CHECK_FALSE(annotations.destructive);
  }
}

#include <catch2/catch.hpp>

#include <random>

#include "tools/tool_support.hpp"

using ca::Json;
using ca::tools::fit_rows_to_budget;

namespace {

Json rows(std::size_t count) {
  Json out = Json::array();
  for (std::size_t i = 0; i < count; ++i) out.push_back({{"id", i}, {"text", std::string(90, 'x')}});
  return out;
}

void finish(Json& result, std::size_t kept, std::size_t total) {
  result["returned"] = kept;
  if (kept < total) result["note"] = "held back " + std::to_string(total - kept);
}

}  // namespace

TEST_CASE("fit_rows_to_budget keeps everything that fits", "[budget]") {
  const auto fitted = fit_rows_to_budget({{"rows", rows(5)}}, "rows", 64 * 1024, finish);
  const Json& result = fitted.value;
  CHECK(fitted.kept == 5);
  CHECK(fitted.text == ca::dump_compact(result));
  CHECK(result["returned"] == 5);
  CHECK_FALSE(result.contains("note"));
}

TEST_CASE("fit_rows_to_budget keeps the longest prefix that fits, with its note, as valid JSON", "[budget]") {
  const std::size_t budget = 2000;
  const auto fitted = fit_rows_to_budget({{"rows", rows(100)}, {"other", 1}}, "rows", budget, finish);
  const Json& result = fitted.value;
  const std::size_t kept = fitted.kept;
  CHECK(fitted.text == ca::dump_compact(result));
  CHECK(kept > 0);
  CHECK(kept < 100);
  const std::string text = ca::dump_compact(result);
  CHECK(text.size() <= budget);
  CHECK(Json::parse(text)["rows"].size() == kept);
  CHECK(result["note"] == "held back " + std::to_string(100 - kept));
  // One more row would not have fitted.
  Json bigger = {{"rows", rows(kept + 1)}, {"other", 1}};
  finish(bigger, kept + 1, 100);
  CHECK(ca::dump_compact(bigger).size() > budget);
  CHECK(result["rows"][0]["id"] == 0);
}

TEST_CASE("KeyedObject keeps the order ids come in, and a repeated id replaces its value in place", "[budget]") {
  ca::tools::KeyedObject object(3);
  object.set("b", 1);
  object.set("a", 2);
  object.set("b", 3);  // a repeat: first position, last value, never a second "b"
  object.set("c", ca::Json::object({{"views", 4}}));
  const ca::Json built = std::move(object).take();
  CHECK(ca::dump_compact(built) == R"({"b":3,"a":2,"c":{"views":4}})");
  CHECK(built == ca::Json::parse(R"({"b":3,"a":2,"c":{"views":4}})"));
}

TEST_CASE("KeyedObject builds a map of many ids like keyed assignment does", "[budget]") {
  ca::Json assigned = ca::Json::object();
  ca::tools::KeyedObject built(10);  // fewer than it gets: growing must stay correct, only slower
  for (int i = 0; i < 2000; ++i) {
    const std::string id = "id-" + std::to_string((i * 7919) % 1500);  // 500 ids repeat
    assigned[id] = i;
    built.set(id, i);
  }
  CHECK(ca::dump_compact(std::move(built).take()) == ca::dump_compact(assigned));
}

TEST_CASE("fit_rows_to_budget cuts exactly where measuring each whole candidate cuts", "[budget]") {
  // Over budget, rows are measured one by one and added to the measure of the rest; this pins the cut (and the
  // whole text) to the plain method: build every candidate in full and measure it.
  std::mt19937 random(1414);
  for (int round = 0; round < 400; ++round) {
    const std::size_t total = 1 + random() % 40;
    Json given = Json::array();
    for (std::size_t i = 0; i < total; ++i) {
      given.push_back({{"id", i}, {"text", std::string(random() % 120, 'x')}, {"q", "say \"hi\"\n"}});
    }
    const std::size_t budget = random() % 5000;
    const auto reference = ca::tools::longest_fitting_prefix(total, budget, [&](std::size_t kept) {
      Json candidate = {{"rows", Json::array()}, {"returned", 0}};
      for (std::size_t i = 0; i < kept; ++i) candidate["rows"].push_back(given[i]);
      finish(candidate, kept, total);
      return candidate;
    });
    const auto fitted = fit_rows_to_budget({{"rows", given}, {"returned", 0}}, "rows", budget, finish);
    INFO("rows " << total << ", budget " << budget);
    CHECK(ca::dump_compact(fitted.value) == ca::dump_compact(reference.value));
    CHECK(fitted.kept == reference.kept);
    CHECK(fitted.text == ca::dump_compact(fitted.value));
    CHECK(reference.text == ca::dump_compact(reference.value));
  }
}

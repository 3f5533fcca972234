// The reliability keys of a scenario (sim/io/reliability_reader.cpp;
// docs/scenarios.md): defaults, bounds, and each error with its code and pointer.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"

using gwsim::test::minimal_scenario;
using nlohmann::json;

namespace {

// The minimal scenario with its SKU in the catalog, so that keys can be added to it.
json with_sku() {
  json d = minimal_scenario();
  d["catalog"] = {{"GB200_NVL72", gwsim::test::nvl72_catalog_entry()}};
  return d;
}

const gwsim::Sku& sku_of(const gwsim::Scenario& s) { return s.skus[static_cast<std::size_t>(s.orders[0].sku)]; }

}  // namespace

TEST_CASE("rule: lemons' fraction in [0, 1], rate_multiplier in [1, 1000], defaults 0.15 and 5 (AIReSim)",
          "[loader][rule][reliability]") {
  json d = with_sku();
  auto& l = d["catalog"]["GB200_NVL72"]["lemons"];
  l = {{"rate_multiplier", 3}};
  gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  CHECK(sku_of(s).lemons.fraction == 0.15);
  CHECK(sku_of(s).lemons.rate_multiplier == 3);
  l = {{"fraction", 1}, {"rate_multiplier", 1000}};
  CHECK(gwsim::test::error_code_at(d) == "none");
  l = {{"fraction", 1.01}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.range /catalog/GB200_NVL72/lemons/fraction");
  l = {{"rate_multiplier", 0.9}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.range /catalog/GB200_NVL72/lemons/rate_multiplier");
  l = {{"share", 0.1}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.unknown_key /catalog/GB200_NVL72/lemons/share");
  l = 0.1;
  CHECK(gwsim::test::error_code_at(d) == "scenario.type /catalog/GB200_NVL72/lemons");
}

TEST_CASE("rule: tolerated_nodes_down in [0, nodes per rack]; default -1 (no rule)", "[loader][rule][reliability]") {
  json d = with_sku();
  CHECK(sku_of(gwsim::scenario_from_json(d, "t.json")).tolerated_nodes_down == -1);
  auto& t = d["catalog"]["GB200_NVL72"]["tolerated_nodes_down"];
  t = 18;
  CHECK(sku_of(gwsim::scenario_from_json(d, "t.json")).tolerated_nodes_down == 18);
  t = 19;
  CHECK(gwsim::test::error_code_at(d) == "scenario.range /catalog/GB200_NVL72/tolerated_nodes_down");
  t = -1;
  CHECK(gwsim::test::error_code_at(d) == "scenario.range /catalog/GB200_NVL72/tolerated_nodes_down");
  t = 1.5;
  CHECK(gwsim::test::error_code_at(d) == "scenario.type /catalog/GB200_NVL72/tolerated_nodes_down");
}

TEST_CASE("rule: repair_stages: defaults 2 h / 0.4 and 48 h / 0.2 (AIReSim), not_fixed_prob in [0, 1)",
          "[loader][rule][reliability]") {
  json d = minimal_scenario();
  auto& st = d["sites"][0]["repair_stages"];
  st = json::object();
  gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  REQUIRE(s.sites[0].repair_stages.has_value());
  CHECK(std::get<gwsim::Fixed>(s.sites[0].repair_stages->automated.hours).value == 2);
  CHECK(s.sites[0].repair_stages->automated.not_fixed_prob == 0.4);
  CHECK(std::get<gwsim::Fixed>(s.sites[0].repair_stages->manual.hours).value == 48);
  CHECK(s.sites[0].repair_stages->manual.not_fixed_prob == 0.2);
  CHECK(std::get<gwsim::Fixed>(s.sites[0].repair_stages->refail_hours).value == 24);
  st = {{"manual", {{"not_fixed_prob", 1}}}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.range /sites/0/repair_stages/manual/not_fixed_prob");
  st = {{"automated", {{"hours", {{"dist", "normal"}, {"mean", 2}, {"sd", 1}}}}}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.range /sites/0/repair_stages/automated/hours/dist");
  st = {{"automated", {{"time", 2}}}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.unknown_key /sites/0/repair_stages/automated/time");
  st = {{"refail_hours", 24}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.type /sites/0/repair_stages/refail_hours");
  st = {{"third", json::object()}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.unknown_key /sites/0/repair_stages/third");
}

TEST_CASE("rule: lemon_policy: failures >= 1, window_days > 0, action cordon (with cordon_days) or retire",
          "[loader][rule][reliability]") {
  json d = minimal_scenario();
  auto& p = d["lemon_policy"];
  p = {{"failures", 3}, {"window_days", 7}, {"action", "cordon"}, {"cordon_days", 2}};
  gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  REQUIRE(s.lemon_policy.has_value());
  CHECK(s.lemon_policy->action == gwsim::LemonAction::cordon);
  CHECK(s.lemon_policy->cordon_days == 2);
  p = {{"failures", 0}, {"window_days", 7}, {"action", "retire"}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.range /lemon_policy/failures");
  p = {{"failures", 3}, {"window_days", 0}, {"action", "retire"}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.range /lemon_policy/window_days");
  p = {{"failures", 3}, {"action", "retire"}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.missing_key /lemon_policy/window_days");
  p = {{"failures", 3}, {"window_days", 7}, {"action", "drain"}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.range /lemon_policy/action");
  p = {{"failures", 3}, {"window_days", 7}, {"action", "cordon"}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.missing_key /lemon_policy/cordon_days");
  p = {{"failures", 3}, {"window_days", 7}, {"action", "retire"}, {"cordon_days", 2}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.unknown_key /lemon_policy/cordon_days");
  p = {{"failures", 3}, {"window_days", 7}, {"action", "retire"}, {"after", 2}};
  CHECK(gwsim::test::error_code_at(d) == "scenario.unknown_key /lemon_policy/after");
  p = "retire";
  CHECK(gwsim::test::error_code_at(d) == "scenario.type /lemon_policy");
}

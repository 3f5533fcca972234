// The money model's keys (docs/money.md, docs/scenarios.md): `costs` beyond
// energy_usd_per_mwh, sites[].ownership, orders[].ownership and .contract;
// one test per error path.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader_fixtures.hpp"

using gwsim::test::error_code_at;
using gwsim::test::minimal_scenario;
using nlohmann::json;

namespace {

json with_contract() {
  json d = minimal_scenario();
  d["contracts"] = json::array({{{"name", "k"},
                                 {"provider", "AWS"},
                                 {"total_usd", 1e8},
                                 {"start", "2026-01-01"},
                                 {"term_years", 1},
                                 {"take_or_pay", false},
                                 {"usd_per_gpu_hour", 2}}});
  return d;
}

}  // namespace

TEST_CASE("costs: the money model's keys are read, with the documented defaults", "[costs][reader]") {
  json d = minimal_scenario();
  d["costs"] = {{"energy_usd_per_mwh", 50}};
  CHECK_FALSE(gwsim::scenario_from_json(d, "t.json").costs.has_value());  // as before: no money model
  d["costs"]["cost_of_capital"] = 0.07;
  d["costs"]["facility"] = {{"split", {{"shell", 0.5}, {"rest", 0.5}}}, {"build_days", 100}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  REQUIRE(s.costs.has_value());
  CHECK(s.costs->cost_of_capital == 0.07);
  CHECK(s.costs->facility.build_days == 100);
  CHECK(s.costs->facility.usd_per_it_mw == 11.4e6);
  CHECK(s.costs->facility.split.size() == 2);
  CHECK(s.costs->network_usd_per_gpu == Approx(8983.33));
  CHECK(s.energy_usd_per_mwh == 50);
}

TEST_CASE("costs: errors are located", "[costs][reader]") {
  json d = minimal_scenario();
  d["costs"] = {{"cost_of_capital", 1.5}};
  CHECK(error_code_at(d) == "scenario.range /costs/cost_of_capital");
  d["costs"] = {{"it_life_years", 0}};
  CHECK(error_code_at(d) == "scenario.range /costs/it_life_years");
  d["costs"] = {{"network_usd_per_gpu", "x"}};
  CHECK(error_code_at(d) == "scenario.type /costs/network_usd_per_gpu");
  d["costs"] = {{"facility", {{"split", {{"shell", 0.5}, {"rest", 0.4}}}}}};
  CHECK(error_code_at(d) == "scenario.range /costs/facility/split");
  d["costs"] = {{"facility", {{"split", json::array()}}}};
  CHECK(error_code_at(d) == "scenario.type /costs/facility/split");
  d["costs"] = {{"facility", {{"split", {{"shell", 1.5}}}}}};
  CHECK(error_code_at(d) == "scenario.range /costs/facility/split/shell");
  d["costs"] = {{"facility", {{"colour", 1}}}};
  CHECK(error_code_at(d) == "scenario.unknown_key /costs/facility/colour");
  d["costs"] = {{"staff", 1}};
  CHECK(error_code_at(d) == "scenario.unknown_key /costs/staff");
}

TEST_CASE("ownership: a site's and an order's are read and resolved", "[costs][reader]") {
  json d = with_contract();
  CHECK(gwsim::scenario_from_json(d, "t.json").orders[0].ownership == gwsim::Ownership::owned);
  d["orders"][0]["contract"] = "k";
  gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  CHECK(s.orders[0].ownership == gwsim::Ownership::leased);
  CHECK(s.orders[0].contract == 0);
  d["orders"][0].erase("contract");
  d["sites"][0]["ownership"] = "leased";
  s = gwsim::scenario_from_json(d, "t.json");
  CHECK(s.sites[0].ownership == gwsim::Ownership::leased);
  CHECK(s.orders[0].ownership == gwsim::Ownership::leased);
  CHECK(s.orders[0].contract == -1);
}

TEST_CASE("ownership: errors are located", "[costs][reader]") {
  json d = with_contract();
  d["sites"][0]["ownership"] = "rented";
  CHECK(error_code_at(d) == "scenario.range /sites/0/ownership");
  d = with_contract();
  d["orders"][0]["ownership"] = "leased";  // at an owned site, with no contract
  CHECK(error_code_at(d) == "scenario.missing_key /orders/0/contract");
  d["orders"][0]["contract"] = "nope";
  CHECK(error_code_at(d) == "scenario.reference /orders/0/contract");
  d["orders"][0]["ownership"] = "owned";
  d["orders"][0]["contract"] = "k";
  CHECK(error_code_at(d) == "scenario.range /orders/0/contract");
  d = with_contract();
  d["sites"][0]["ownership"] = "leased";
  d["orders"][0]["ownership"] = "owned";
  CHECK(error_code_at(d) == "scenario.range /orders/0/ownership");
  d["orders"][0]["ownership"] = 3;
  CHECK(error_code_at(d) == "scenario.type /orders/0/ownership");
}

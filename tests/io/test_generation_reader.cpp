// sites[].generation (sim/io/generation_reader.cpp; docs/scenarios.md): the
// values read, the defaults, and each error with its code and pointer.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"

using gwsim::test::error_code_at;
using gwsim::test::minimal_scenario;
using nlohmann::json;

namespace {

json unit() {
  return {{"name", "t1"},           {"kind", "gas_turbine"}, {"power_mw", 35}, {"ordered", "2025-06-01"},
          {"fuel_usd_per_mwh", 40}, {"tco2_per_mwh", 0.37}};
}

json with_unit(const json& u) {
  json d = minimal_scenario();
  d["sites"][0]["generation"] = json::array({u});
  return d;
}

}  // namespace

TEST_CASE("generation: values, defaults, and the fuel price from heat rate x gas price", "[loader][generation]") {
  json u = unit();
  u["lead_time_days"] = {{"dist", "fixed"}, {"value", 90}};
  gwsim::Scenario s = gwsim::scenario_from_json(with_unit(u), "t.json");
  REQUIRE(s.sites[0].generation.size() == 1);
  const gwsim::Generation& g = s.sites[0].generation[0];
  CHECK(g.name == "t1");
  CHECK(g.kind == gwsim::GenerationKind::gas_turbine);
  CHECK(g.power_mw == 35);
  CHECK(g.ordered == -gwsim::days(214));  // 2025-06-01 is 214 days before 2026-01-01
  CHECK(std::get<gwsim::Fixed>(g.lead_time_days).value == 90);
  CHECK(g.fuel_usd_per_mwh == 40);
  CHECK(g.tco2_per_mwh == 0.37);
  CHECK(g.capex_usd_per_kw == 0);
  CHECK(g.forced_outage_rate == 0);
  CHECK(g.mean_outage_hours == 24);
  CHECK(g.after_grid == gwsim::AfterGrid::retire);
  u = unit();
  u.erase("fuel_usd_per_mwh");
  u["heat_rate_mmbtu_per_mwh"] = 9.5;
  u["gas_usd_per_mmbtu"] = 3.5;
  u["kind"] = "recip_engine";
  u["after_grid"] = "backup";
  s = gwsim::scenario_from_json(with_unit(u), "t.json");
  CHECK(s.sites[0].generation[0].fuel_usd_per_mwh == Approx(33.25));
  CHECK(s.sites[0].generation[0].kind == gwsim::GenerationKind::recip_engine);
  CHECK(s.sites[0].generation[0].after_grid == gwsim::AfterGrid::backup);
  CHECK(error_code_at(minimal_scenario()) == "none");
}

TEST_CASE("generation: each error names its key", "[loader][generation]") {
  const std::string at = "/sites/0/generation/0/";
  json u = unit();
  u["kind"] = "windmill";
  CHECK(error_code_at(with_unit(u)) == "scenario.range " + at + "kind");
  u = unit();
  u["after_grid"] = "sell";
  CHECK(error_code_at(with_unit(u)) == "scenario.range " + at + "after_grid");
  u = unit();
  u["power_mw"] = 0;
  CHECK(error_code_at(with_unit(u)) == "scenario.range " + at + "power_mw");
  u = unit();
  u["forced_outage_rate"] = 1;
  CHECK(error_code_at(with_unit(u)) == "scenario.range " + at + "forced_outage_rate");
  u = unit();
  u["mean_outage_hours"] = 0;
  CHECK(error_code_at(with_unit(u)) == "scenario.range " + at + "mean_outage_hours");
  u = unit();
  u["ordered"] = "1990-01-01";
  CHECK(error_code_at(with_unit(u)) == "scenario.horizon " + at + "ordered");
  u = unit();
  u["color"] = "red";
  CHECK(error_code_at(with_unit(u)) == "scenario.unknown_key " + at + "color");
  u = unit();
  u.erase("tco2_per_mwh");
  CHECK(error_code_at(with_unit(u)) == "scenario.missing_key " + at + "tco2_per_mwh");
  u = unit();
  u["power_mw"] = "35";
  CHECK(error_code_at(with_unit(u)) == "scenario.type " + at + "power_mw");
  json d = minimal_scenario();
  d["sites"][0]["generation"] = json::array();
  CHECK(error_code_at(d) == "scenario.range /sites/0/generation");
  d["sites"][0]["generation"] = json::array({unit(), unit()});
  CHECK(error_code_at(d) == "scenario.duplicate /sites/0/generation/1/name");
}

TEST_CASE("generation: exactly one of the two forms of fuel price", "[loader][generation]") {
  const std::string at = "/sites/0/generation/0/";
  json u = unit();
  u["heat_rate_mmbtu_per_mwh"] = 9;
  CHECK(error_code_at(with_unit(u)) == "scenario.unknown_key " + at + "heat_rate_mmbtu_per_mwh");
  u = unit();
  u["gas_usd_per_mmbtu"] = 3;
  CHECK(error_code_at(with_unit(u)) == "scenario.unknown_key " + at + "gas_usd_per_mmbtu");
  u = unit();
  u.erase("fuel_usd_per_mwh");
  CHECK(error_code_at(with_unit(u)) == "scenario.missing_key " + at + "fuel_usd_per_mwh");
  u["heat_rate_mmbtu_per_mwh"] = 9;
  CHECK(error_code_at(with_unit(u)) == "scenario.missing_key " + at + "gas_usd_per_mmbtu");
}

TEST_CASE("battery: values and errors", "[loader][generation]") {
  json d = minimal_scenario();
  d["sites"][0]["battery"] = {{"power_mw", 150}, {"energy_mwh", 600}};
  gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  REQUIRE(s.sites[0].battery.has_value());
  CHECK(s.sites[0].battery->power_mw == 150);
  CHECK(s.sites[0].battery->energy_mwh == 600);
  CHECK_FALSE(gwsim::scenario_from_json(minimal_scenario(), "t.json").sites[0].battery.has_value());
  d["sites"][0]["battery"]["power_mw"] = 0;
  CHECK(error_code_at(d) == "scenario.range /sites/0/battery/power_mw");
  d["sites"][0]["battery"] = {{"power_mw", 1}};
  CHECK(error_code_at(d) == "scenario.missing_key /sites/0/battery/energy_mwh");
  d["sites"][0]["battery"] = {{"power_mw", 1}, {"energy_mwh", -1}};
  CHECK(error_code_at(d) == "scenario.range /sites/0/battery/energy_mwh");
  d["sites"][0]["battery"] = {{"power_mw", 1}, {"energy_mwh", 1}, {"kind", "li-ion"}};
  CHECK(error_code_at(d) == "scenario.unknown_key /sites/0/battery/kind");
  d["sites"][0]["battery"] = 5;
  CHECK(error_code_at(d) == "scenario.type /sites/0/battery");
}

// sites[].prices and catalog.<SKU>.embodied_tco2_per_rack (docs/power.md, "Prices and carbon").
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "loader_fixtures.hpp"

using gwsim::test::error_code_at;
using gwsim::test::minimal_scenario;
using nlohmann::json;

TEST_CASE("prices reader: dated steps and embodied carbon", "[prices_reader]") {
  json d = minimal_scenario();
  d["sites"][0]["prices"] = {
      {"energy_usd_per_mwh", {{{"from", "2026-01-01"}, {"value", 60}}, {{"from", "2026-06-01"}, {"value", 80}}}},
      {"capacity_usd_per_mw_day", {{{"from", "2026-03-01"}, {"value", 270}}}}};
  d["catalog"] = {{"X", gwsim::test::nvl72_catalog_entry()}};
  d["catalog"]["X"]["embodied_tco2_per_rack"] = 120;
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  const gwsim::SitePrices& p = s.sites[0].prices;
  REQUIRE(p.energy_usd_per_mwh.dates == std::vector<gwsim::Tick>{0, gwsim::days(151)});
  REQUIRE(p.energy_usd_per_mwh.values == std::vector<double>{60, 80});
  REQUIRE(p.capacity_usd_per_mw_day.values == std::vector<double>{270});
  REQUIRE(p.grid_tco2_per_mwh.dates.empty());
  REQUIRE(s.skus.back().embodied_tco2_per_rack == 120);
}

TEST_CASE("prices reader: errors at their pointers", "[prices_reader]") {
  const std::string p = "/sites/0/prices";
  json d = minimal_scenario();
  d["sites"][0]["prices"] = 3;
  CHECK(error_code_at(d) == "scenario.type " + p);
  d["sites"][0]["prices"] = {{"energy_usd", json::array()}};
  CHECK(error_code_at(d) == "scenario.unknown_key " + p + "/energy_usd");
  d["sites"][0]["prices"] = {{"energy_usd_per_mwh", json::array()}};
  CHECK(error_code_at(d).rfind("scenario.", 0) == 0);
  CHECK(error_code_at(d).find(p + "/energy_usd_per_mwh") != std::string::npos);
  d["sites"][0]["prices"] = {
      {"grid_tco2_per_mwh", {{{"from", "2026-06-01"}, {"value", 1}}, {{"from", "2026-06-01"}, {"value", 2}}}}};
  CHECK(error_code_at(d) == "scenario.order " + p + "/grid_tco2_per_mwh/1/from");
  d["sites"][0]["prices"] = {{"capacity_usd_per_mw_day", {{{"from", "2026-06-01"}, {"value", -1}}}}};
  CHECK(error_code_at(d) == "scenario.range " + p + "/capacity_usd_per_mw_day/0/value");
  d["sites"][0]["prices"] = {{"capacity_usd_per_mw_day", {{{"value", 1}}}}};
  CHECK(error_code_at(d) == "scenario.missing_key " + p + "/capacity_usd_per_mw_day/0/from");
  d["sites"][0]["prices"] = {{"capacity_usd_per_mw_day", {{{"from", "2030-01-01"}, {"value", 1}}}}};
  CHECK(error_code_at(d) == "scenario.horizon " + p + "/capacity_usd_per_mw_day/0/from");
  d["sites"][0]["prices"] = {{"capacity_usd_per_mw_day", {{{"from", "2026-02-01"}, {"value", 1}, {"to", 2}}}}};
  CHECK(error_code_at(d) == "scenario.unknown_key " + p + "/capacity_usd_per_mw_day/0/to");
  json c = minimal_scenario();
  c["catalog"] = {{"X", gwsim::test::nvl72_catalog_entry()}};
  c["catalog"]["X"]["embodied_tco2_per_rack"] = -5;
  CHECK(error_code_at(c) == "scenario.range /catalog/X/embodied_tco2_per_rack");
  c["catalog"]["X"]["embodied_tco2_per_rack"] = "a lot";
  CHECK(error_code_at(c) == "scenario.type /catalog/X/embodied_tco2_per_rack");
}

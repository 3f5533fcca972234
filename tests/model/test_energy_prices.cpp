// Prices and carbon (docs/power.md, "Prices and carbon"; model/energy_prices.hpp),
// on one site whose 10 GB200 racks draw 10 x 132 kW x PUE 1.25 = 1.65 MW of
// facility power from 2026-02-08 00:00 (installed in 7 days from 2026-02-01)
// to the end of 2026-12-31, so that every figure has a closed form (within
// 1e-9: a GPU's IT draw is kept in whole microwatts, 132 kW / 72 is not).
#include <algorithm>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "io/loader.hpp"
#include "model/buildout.hpp"
#include "model/buildout_run.hpp"

using nlohmann::json;

namespace {

constexpr double kFacilityMw = 10 * 0.132 * 1.25;
constexpr double kHoursBeforeJuly = 24.0 * (181 - 38);  // 2026-02-08 to 2026-07-01
constexpr double kHoursFromJuly = 24.0 * (365 - 181);   // 2026-07-01 to the end of 2026-12-31

json scenario() {
  return json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31", "seed": 3,
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.25, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 100}],
               "install": {"crews": 10, "racks_per_crew_per_week": 1, "burn_in_hours": 24, "burn_in_fail_prob": 0},
               "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-02-01", "racks": 10}]}],
    "costs": {"energy_usd_per_mwh": 100}, "failures": {"enabled": false}
  })");
}

using Run = gwsim::test::BuildoutRun;
Run run(const json& doc) { return gwsim::test::run_buildout(doc); }

double last(const gwsim::Timeseries& ts, const std::string& c) { return ts.column(c).back(); }

}  // namespace

TEST_CASE("prices: the energy price steps at its date, the cost is split there", "[energy_prices]") {
  json d = scenario();
  d["sites"][0]["prices"] = {{"energy_usd_per_mwh", {{{"from", "2026-07-01"}, {"value", 50}}}}};
  const Run r = run(d);
  const double expected = kFacilityMw * (kHoursBeforeJuly * 100 + kHoursFromJuly * 50);
  REQUIRE(r.summary.energy_cost_usd == Approx(expected).epsilon(1e-9));
  REQUIRE(last(r.ts, "energy_cost_usd") == Approx(expected).epsilon(1e-9));
  // on 2026-06-30 (row 180) the old price still holds for every MWh so far
  REQUIRE(r.ts.column("energy_cost_usd")[180] == Approx(kFacilityMw * kHoursBeforeJuly * 100).epsilon(1e-9));
  REQUIRE(r.summary.prices.used);
  REQUIRE(r.summary.prices.capacity_cost_usd == 0);
  REQUIRE(r.summary.prices.grid_tco2 == 0);
}

TEST_CASE("prices: grid emissions are the energy x the intensity in force", "[energy_prices]") {
  json d = scenario();
  d["sites"][0]["prices"] = {
      {"grid_tco2_per_mwh", {{{"from", "2026-01-01"}, {"value", 0.4}}, {{"from", "2026-07-01"}, {"value", 0.2}}}}};
  const Run r = run(d);
  const double expected = kFacilityMw * (kHoursBeforeJuly * 0.4 + kHoursFromJuly * 0.2);
  REQUIRE(r.summary.prices.grid_tco2 == Approx(expected).epsilon(1e-9));
  REQUIRE(last(r.ts, "grid_tco2") == Approx(expected).epsilon(1e-9));
  // energy keeps the scenario's price: no energy step
  REQUIRE(r.summary.energy_cost_usd == r.summary.energy_mwh * 100);
}

TEST_CASE("prices: a capacity charge per day on the facility MW the installed racks reserve", "[energy_prices]") {
  json d = scenario();
  d["sites"][0]["prices"] = {{"capacity_usd_per_mw_day", {{{"from", "2026-03-01"}, {"value", 10}}}}};
  const Run r = run(d);
  // the racks are installed (and reserve 1.65 MW) in February; 2026-03-01 is day 59: 306 days charged
  const double expected = 306 * 10 * kFacilityMw;
  REQUIRE(r.summary.prices.capacity_cost_usd == Approx(expected).epsilon(1e-9));
  const auto& col = r.ts.column("capacity_cost_usd");
  REQUIRE(col[58] == 0);                                       // 2026-02-28: no price yet
  REQUIRE(col[59] == Approx(10 * kFacilityMw).epsilon(1e-9));  // the first day charged
  REQUIRE(col.back() == Approx(expected).epsilon(1e-9));
}

TEST_CASE("prices: embodied carbon is counted when the racks are delivered", "[energy_prices]") {
  json d = scenario();
  d["catalog"] = {{"X",
                   {{"gpus_per_rack", 72},
                    {"gpus_per_node", 4},
                    {"rack_power_kw", 132},
                    {"fp8_pflops_per_gpu", 5},
                    {"bf16_pflops_per_gpu", 2.5},
                    {"hbm_gb_per_gpu", 192},
                    {"capex_usd_per_rack", 3e6},
                    {"failure_classes", json::array()},
                    {"embodied_tco2_per_rack", 5.5}}}};
  d["orders"][0]["sku"] = "X";
  const Run r = run(d);
  REQUIRE(r.summary.prices.embodied_tco2 == 55);
  const auto& col = r.ts.column("embodied_tco2");
  REQUIRE(col[30] == 0);   // 2026-01-31
  REQUIRE(col[31] == 55);  // delivered 2026-02-01
}

TEST_CASE("prices: without them the price columns are absent and the cost is the scenario's", "[energy_prices]") {
  const Run r = run(scenario());
  REQUIRE_FALSE(r.summary.prices.used);
  REQUIRE_THROWS(r.ts.column("capacity_cost_usd"));
  REQUIRE(r.summary.energy_cost_usd == r.summary.energy_mwh * 100);
  REQUIRE(r.summary.energy_mwh == Approx(kFacilityMw * (kHoursBeforeJuly + kHoursFromJuly)).epsilon(1e-9));
}

TEST_CASE("prices: energy and grid emissions count only what the grid supplies, not the bridge", "[energy_prices]") {
  // 1 MW of grid stage and a 10 MW on-site unit from the start: of the 1.65 MW
  // drawn, the grid supplies 1 MW (grid first), the unit 0.65 MW
  json d = scenario();
  d["sites"][0]["power_stages"][0]["power_mw"] = 1;
  d["sites"][0]["generation"] = {{{"name", "gt"},
                                  {"kind", "gas_turbine"},
                                  {"power_mw", 10},
                                  {"ordered", "2026-01-01"},
                                  {"fuel_usd_per_mwh", 30},
                                  {"tco2_per_mwh", 0.5}}};
  d["sites"][0]["prices"] = {{"grid_tco2_per_mwh", {{{"from", "2026-01-01"}, {"value", 0.4}}}}};
  const Run r = run(d);
  // the grid's energy: the facility's less the bridge's (part 2's dispatch, model/generation.hpp)
  const double grid_mwh = r.summary.energy_mwh - r.summary.generation.bridge_energy_mwh;
  REQUIRE(r.summary.generation.used);
  REQUIRE(r.summary.prices.grid_tco2 == Approx(0.4 * grid_mwh).epsilon(1e-9));
  REQUIRE(r.summary.energy_cost_usd == Approx(100 * grid_mwh).epsilon(1e-9));
}

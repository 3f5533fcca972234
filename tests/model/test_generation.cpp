// On-site generation (docs/power.md, "On-site generation, batteries and the
// power ledger"): bridge energy, fuel, emissions and capex on cases worked out
// by hand; after_grid (retire, backup, keep); forced outages' long-run rate.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "io/loader.hpp"
#include "model/buildout.hpp"
#include "model/buildout_run.hpp"

using nlohmann::json;

namespace {

// 10 GB200 racks (132 kW x PUE 1.25 = 0.165 MW each) delivered on 2026-02-01,
// all installed in 7 days, 24 h of burn-in: drawing from 2026-02-08 00:00
// (day 38). A grid stage of `grid_mw` on 2026-09-01 (day 243); one 2 MW unit
// online on 2026-01-31 (ordered 2026-01-01 + 30 days).
json site(double grid_mw, const char* after_grid) {
  json d = json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31",
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.25, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
               "install": {"crews": 10, "racks_per_crew_per_week": 1, "burn_in_hours": 24, "burn_in_fail_prob": 0},
               "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7},
               "generation": [{"name": "t1", "kind": "gas_turbine", "power_mw": 2, "ordered": "2026-01-01",
                               "lead_time_days": {"dist": "fixed", "value": 30}, "capex_usd_per_kw": 1000,
                               "fuel_usd_per_mwh": 50, "tco2_per_mwh": 0.4}]}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-02-01", "racks": 10}]}],
    "failures": {"enabled": false}
  })");
  d["sites"][0]["power_stages"] = json::array({{{"date", "2026-09-01"}, {"power_mw", grid_mw}}});
  d["sites"][0]["generation"][0]["after_grid"] = after_grid;
  return d;
}

using Run = gwsim::test::BuildoutRun;
Run run(const json& doc, std::uint64_t seed = 1) { return gwsim::test::run_buildout(doc, seed); }

constexpr double kRackMw = 0.165;
constexpr double kBridgeHours = 24.0 * (243 - 38);  // drawing, before the grid stage
constexpr double kGridHours = 24.0 * (365 - 243);   // from the grid stage to the end

}  // namespace

TEST_CASE("a unit bridges until the grid arrives: energy, fuel, emissions, capex", "[generation]") {
  const Run r = run(site(5, "keep"));
  const gwsim::GenerationFigures& g = r.summary.generation;
  REQUIRE(g.used);
  REQUIRE(r.summary.racks_in_service == 10);
  REQUIRE(r.summary.stranded_no_power_gpu_days == 0);  // the unit powered them before the grid
  REQUIRE(g.bridge_energy_mwh == Approx(10 * kRackMw * kBridgeHours).epsilon(1e-9));
  REQUIRE(g.bridge_fuel_usd == Approx(g.bridge_energy_mwh * 50).epsilon(1e-9));
  REQUIRE(g.bridge_tco2 == Approx(g.bridge_energy_mwh * 0.4).epsilon(1e-9));
  REQUIRE(g.generation_capex_usd == 2000 * 1000.0);
  REQUIRE(g.racks_held == 0);
  // keep: the unit stays energized capacity after the grid
  REQUIRE(r.ts.column("energized_onsite_mw").back() == Approx(2));
  REQUIRE(r.ts.column("energized_grid_mw").back() == Approx(5));
  REQUIRE(r.ts.column("power_energized_mw").back() == Approx(7));
  REQUIRE(r.ts.column("energized_onsite_mw")[29] == 0);  // 2026-01-30: not yet online
  REQUIRE(r.ts.column("energized_onsite_mw")[30] == Approx(2));
}

TEST_CASE("retire: when the grid is short, racks are held last in first out", "[generation]") {
  // a 1 MW grid holds 6 racks (6 x 0.165 = 0.99 MW): 4 held from 2026-09-01 to the end
  const Run r = run(site(1, "retire"));
  const gwsim::GenerationFigures& g = r.summary.generation;
  REQUIRE(g.racks_held == 4);
  REQUIRE(r.summary.gpus_in_service == 6 * 72);
  REQUIRE(r.summary.racks_in_service == 10);  // held racks stay in service, their GPUs cordoned
  REQUIRE(g.stranded_onsite_outage_gpu_days == Approx(4 * 72 * (365 - 243)).epsilon(1e-9));
  REQUIRE(g.bridge_energy_mwh == Approx(10 * kRackMw * kBridgeHours).epsilon(1e-9));
  REQUIRE(g.unserved_mwh == 0);
  REQUIRE(r.ts.column("energized_onsite_mw").back() == 0);
  REQUIRE(r.ts.column("facility_power_mw").back() == Approx(6 * kRackMw));
}

TEST_CASE("backup: the unit is no longer energized capacity but carries the load above the grid", "[generation]") {
  const Run r = run(site(1, "backup"));
  const gwsim::GenerationFigures& g = r.summary.generation;
  REQUIRE(g.racks_held == 0);
  REQUIRE(r.summary.gpus_in_service == 10 * 72);
  REQUIRE(r.ts.column("power_energized_mw").back() == Approx(1));
  REQUIRE(r.ts.column("energized_onsite_mw").back() == 0);
  REQUIRE(g.bridge_energy_mwh == Approx(10 * kRackMw * kBridgeHours + (10 * kRackMw - 1) * kGridHours).epsilon(1e-9));
}

TEST_CASE("forced outages: the long-run unavailability is the forced-outage rate", "[generation]") {
  // 50 years of daily samples of one unit, mean outage 24 h: about 1,800 outage
  // cycles at FOR 0.1; the sampled share of days down is within 0.02 of the
  // rate (the standard error is about 0.004).
  for (const double rate : {0.1, 0.3}) {
    json d = site(5, "keep");
    d["end"] = "2075-12-31";
    d["orders"] = json::array();
    d["sites"][0]["power_stages"][0]["date"] = "2075-12-31";
    d["sites"][0]["generation"][0]["forced_outage_rate"] = rate;
    const Run r = run(d, 11);
    const auto& onsite = r.ts.column("energized_onsite_mw");
    double down = 0, days = 0;
    for (std::size_t row = 31; row + 1 < onsite.size(); ++row, ++days) down += onsite[row] == 0 ? 1 : 0;
    INFO("rate " << rate << ": down " << down / days);
    REQUIRE(std::abs(down / days - rate) < 0.02);
  }
}

TEST_CASE("battery: rides through the grid's shortfall while its energy lasts, then racks are held", "[generation]") {
  // retire at 2026-09-01 leaves 1 MW of grid for 1.65 MW reserved: 0.65 MW short.
  // A 1 MW / 1.3 MWh battery carries it for 2 h, then 4 racks are held to the end.
  json d = site(1, "retire");
  d["sites"][0]["battery"] = {{"power_mw", 1}, {"energy_mwh", 1.3}};
  Run r = run(d);
  REQUIRE(r.summary.generation.racks_held == 4);
  REQUIRE(r.summary.generation.stranded_onsite_outage_gpu_days ==
          Approx(4 * 72 * (365 - 243 - 2.0 / 24)).epsilon(1e-9));
  REQUIRE(r.summary.generation.unserved_mwh == 0);
  // a battery that outlasts the run: nothing is held
  d["sites"][0]["battery"]["energy_mwh"] = 1e4;
  r = run(d);
  REQUIRE(r.summary.generation.racks_held == 0);
  REQUIRE(r.summary.gpus_in_service == 10 * 72);
  REQUIRE(r.summary.generation.unserved_mwh == 0);
}

TEST_CASE("racks_held counts holds, also of racks released since", "[generation]") {
  // a 2 MW unit that fails often (about 146 outages a year) under 10 racks of
  // 0.165 MW, no grid before the end, burn-in 0 h (the 10 racks enter service at
  // once): every outage holds all 10 racks, every return releases them
  json d = site(5, "keep");  // the 5 MW grid on the last day holds them all
  d["sites"][0]["install"]["burn_in_hours"] = 0;
  d["sites"][0]["power_stages"][0]["date"] = "2026-12-31";
  d["sites"][0]["generation"][0]["forced_outage_rate"] = 0.2;
  d["sites"][0]["generation"][0]["mean_outage_hours"] = 12;
  const Run r = run(d, 5);
  REQUIRE(r.summary.generation.racks_held > 10 * 100);
  REQUIRE(r.summary.generation.racks_held % 10 == 0);
  REQUIRE(r.summary.generation.unserved_mwh == 0);
}

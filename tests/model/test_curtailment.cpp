// Grid curtailment (docs/power.md, "Curtailment"): the hand-worked cases of a
// 4-hour window shedding three racks' reserve, by rule, and its draws.
#include <cstdio>
#include <random>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "io/loader.hpp"
#include "model/buildout.hpp"
#include "model/buildout_run.hpp"

using nlohmann::json;

namespace {

// 10 GB200 racks (132 kW x PUE 1.25 = 0.165 MW each), all in service long
// before 2026-06-01; a grid stage of 1.65 MW (exactly their reserve) from the start.
json site(const char* rule) {
  json d = json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31",
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.25, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 1.65}],
               "install": {"crews": 10, "racks_per_crew_per_week": 1, "burn_in_hours": 24, "burn_in_fail_prob": 0},
               "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7},
               "curtailment": {"windows": [{"start": "2026-06-01", "hours": 4}], "shed_mw": 0.495}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-02-01", "racks": 10}]}],
    "failures": {"enabled": false}
  })");
  d["sites"][0]["curtailment"]["rule"] = rule;
  return d;
}

gwsim::BuildoutSummary run(const json& doc, std::uint64_t seed = 1) {
  const gwsim::Scenario s = gwsim::scenario_from_json(doc, "t.json");
  gwsim::Engine eng;
  gwsim::Buildout m(eng, s, seed);
  eng.run_until(m.horizon());
  return m.summary();
}

constexpr double kHeldGpuDays = 3 * 72 * 4 / 24.0;  // 3 racks x 72 GPUs x 4 h

}  // namespace

TEST_CASE("interrupt: three racks held for exactly the window", "[curtailment]") {
  const gwsim::BuildoutSummary s = run(site("interrupt"));
  CHECK(s.generation.racks_held == 3);
  CHECK(s.generation.stranded_curtailment_gpu_days == Approx(kHeldGpuDays).epsilon(1e-12));
  CHECK(s.generation.stranded_onsite_outage_gpu_days == 0);
}

TEST_CASE("interrupt holds racks whatever generation exists", "[curtailment]") {
  json d = site("interrupt");
  d["sites"][0]["generation"] = json::parse(R"([{"kind": "gas_turbine", "power_mw": 0.5, "ordered": "2026-01-01",
    "lead_time_days": {"dist": "fixed", "value": 30}, "capex_usd_per_kw": 1000, "fuel_usd_per_mwh": 50,
    "tco2_per_mwh": 0.4, "after_grid": "backup"}])");
  CHECK(run(d).generation.stranded_curtailment_gpu_days == Approx(kHeldGpuDays).epsilon(1e-12));
}

TEST_CASE("generation_first: the grid cut holds racks only for what generation cannot carry", "[curtailment]") {
  json d = site("generation_first");
  CHECK(run(d).generation.stranded_curtailment_gpu_days == Approx(kHeldGpuDays).epsilon(1e-12));
  d["sites"][0]["generation"] = json::parse(R"([{"kind": "gas_turbine", "power_mw": 0.5, "ordered": "2026-01-01",
    "lead_time_days": {"dist": "fixed", "value": 30}, "capex_usd_per_kw": 1000, "fuel_usd_per_mwh": 50,
    "tco2_per_mwh": 0.4, "after_grid": "backup"}])");
  const gwsim::BuildoutSummary s = run(d);
  CHECK(s.generation.racks_held == 0);
  CHECK(s.generation.stranded_curtailment_gpu_days == 0);
}

TEST_CASE("random windows: reproducible, and they strand GPUs", "[curtailment]") {
  json d = site("interrupt");
  d["sites"][0]["curtailment"].erase("windows");
  d["sites"][0]["curtailment"]["events_per_year"] = 12;
  d["sites"][0]["curtailment"]["event_hours"] = {{"dist", "fixed"}, {"value", 4}};
  const gwsim::BuildoutSummary a = run(d, 7), b = run(d, 7);
  CHECK(a.generation.stranded_curtailment_gpu_days == b.generation.stranded_curtailment_gpu_days);
  CHECK(a.generation.stranded_curtailment_gpu_days > 0);
}

TEST_CASE("over random windows and cuts, the held racks and GPU-days follow the closed form", "[curtailment]") {
  std::mt19937_64 rng(16);
  for (int trial = 0; trial < 12; ++trial) {
    json d = site(trial % 2 == 0 ? "interrupt" : "generation_first");
    const int k = 1 + static_cast<int>(rng() % 10);  // racks to shed
    d["sites"][0]["curtailment"]["shed_mw"] = k * 0.165 - 0.01;
    json windows = json::array();
    double hours = 0;
    const int n = 1 + static_cast<int>(rng() % 4);
    for (int w = 0; w < n; ++w) {
      const int h = 1 + static_cast<int>(rng() % 48);
      char date[16];
      std::snprintf(date, sizeof date, "2026-%02d-01", 3 + 2 * w);  // months apart: never overlapping
      windows.push_back({{"start", date}, {"hours", h}});
      hours += h;
    }
    d["sites"][0]["curtailment"]["windows"] = windows;
    const gwsim::BuildoutSummary s = run(d);
    INFO("trial " << trial << " k " << k << " windows " << windows.dump());
    CHECK(s.generation.racks_held == static_cast<std::int64_t>(k) * n);
    CHECK(s.generation.stranded_curtailment_gpu_days == Approx(k * 72 * hours / 24.0).epsilon(1e-9));
    CHECK(s.generation.stranded_onsite_outage_gpu_days == 0);
  }
}

TEST_CASE("curtailed_mw is the cut in force, fleet and per site; curtailment_hours the windows' hours",
          "[curtailment]") {
  json d = site("interrupt");
  d["sites"][0]["curtailment"]["windows"] = json::parse(R"([{"start": "2026-06-01", "hours": 48},
                                                             {"start": "2026-08-01", "hours": 5}])");
  const gwsim::test::BuildoutRun r = gwsim::test::run_buildout(d, 1, true);
  CHECK(r.summary.power_ledger.curtailment_hours == 53);
  const auto& cut = r.ts.column("curtailed_mw");
  const auto& site_cut = r.ts.site_column("curtailed_mw");
  // row d: the state at the end of day d (2026-06-01 is day 151: open to 2026-06-03 00:00); the
  // 5-hour window ends within its day
  for (std::size_t row = 0; row < cut.size(); ++row) {
    INFO("row " << row);
    CHECK(cut[row] == (row == 151 || row == 152 ? 0.495 : 0.0));
    CHECK(site_cut[row] == cut[row]);
  }
  CHECK(r.summary.generation.unserved_mwh == 0);
}

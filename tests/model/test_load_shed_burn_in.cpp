// Load shedding pauses racks in burn-in (docs/power.md, "On-site generation,
// batteries and the power ledger"): a hand-worked case of a 4-hour cut that
// falls while every rack burns in, by rule.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "model/buildout_run.hpp"

using nlohmann::json;

namespace {

// 10 GB200 racks (132 kW x PUE 1.25 = 0.165 MW each) delivered 2026-02-01,
// installed within a week and burned in for 2000 h (to May): all of them burn
// in on 2026-03-01, when a 4-hour window cuts `cut_mw`; a grid stage of 1.65 MW
// (exactly their reserve) from the start.
json site(const char* rule, double cut_mw) {
  json d = json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31",
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.25, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 1.65}],
               "install": {"crews": 10, "racks_per_crew_per_week": 1, "burn_in_hours": 2000, "burn_in_fail_prob": 0},
               "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7},
               "curtailment": {"windows": [{"start": "2026-03-01", "hours": 4}], "shed_mw": 0.5}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-02-01", "racks": 10}]}],
    "failures": {"enabled": false}
  })");
  d["sites"][0]["curtailment"]["rule"] = rule;
  d["sites"][0]["curtailment"]["shed_mw"] = cut_mw;
  return d;
}

}  // namespace

TEST_CASE("a cut while racks burn in pauses them; their burn-in ends as late as the window", "[load_shed]") {
  for (const char* rule : {"interrupt", "generation_first"}) {
    for (int k = 1; k <= 10; k += 3) {
      INFO("rule " << rule << " racks to shed " << k);
      json none = site(rule, 0.5);
      none["sites"][0].erase("curtailment");
      const gwsim::test::BuildoutRun base = gwsim::test::run_buildout(none);
      const gwsim::test::BuildoutRun cut = gwsim::test::run_buildout(site(rule, k * 0.165 - 0.01));
      // no rack is in service: the k last racks to start burn-in are paused
      CHECK(cut.summary.generation.racks_held == 0);
      CHECK(cut.summary.power_ledger.burn_in_pauses == k);
      CHECK(cut.summary.generation.unserved_mwh == 0);
      CHECK(cut.summary.generation.stranded_curtailment_gpu_days == 0);
      CHECK(cut.summary.power_ledger.curtailment_hours == 4);
      // the last rack to start was paused: the fleet is in service 4 h later
      REQUIRE(base.summary.in_service_100pct);
      REQUIRE(cut.summary.in_service_100pct);
      CHECK(*cut.summary.in_service_100pct - *base.summary.in_service_100pct == gwsim::ticks_from_hours(4));
      // the GPUs of paused racks stay in burn-in; 10 racks end in service
      CHECK(cut.summary.racks_in_service == 10);
      // a paused rack draws nothing: 4 h x k racks x 0.165 MW less energy
      CHECK(base.summary.energy_mwh - cut.summary.energy_mwh == Approx(4 * k * 0.165).epsilon(1e-9));
    }
  }
}

TEST_CASE("without racks burning in, a cut pauses nothing", "[load_shed]") {
  json d = site("interrupt", 0.5);
  d["sites"][0]["curtailment"]["windows"][0]["start"] = "2026-01-15";  // before the deliveries
  const gwsim::test::BuildoutRun r = gwsim::test::run_buildout(d);
  CHECK(r.summary.power_ledger.burn_in_pauses == 0);
  CHECK(r.summary.generation.racks_held == 0);
}

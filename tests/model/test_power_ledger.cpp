// The power ledger by source with on-site generation and load shedding
// (docs/power.md, "On-site generation, batteries and the power ledger"):
// the invariant IT x PUE <= supply at every instant, GPUs conserved, runs
// reproducible.
#include <string>

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "io/loader.hpp"
#include "io/output.hpp"
#include "model/buildout.hpp"
#include "model/buildout_run.hpp"

using nlohmann::json;

namespace {

std::string fmt_date(int month) { return "2026-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-01"; }

// Two sites with grid stages, on-site units that fail often, failures and the
// lemon policy on a third of the seeds, a battery at half of the sites, burn-in
// of 0 to 72 h (a rack in burn-in is paused when holding the racks in service
// is not enough: docs/power.md).
json random_scenario(std::uint64_t seed) {
  gwsim::RandomEngine rng(seed);
  const auto uniform = [&](double lo, double hi) {
    return boost::random::uniform_real_distribution<double>(lo, hi)(rng);
  };
  const auto pick = [&](int lo, int hi) { return boost::random::uniform_int_distribution<int>(lo, hi)(rng); };
  json d = json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31",
    "sites": [], "orders": [], "failures": {"enabled": true}
  })");
  const char* after[] = {"retire", "backup", "keep"};
  for (int si = 0; si < 2; ++si) {
    std::string name = "s";
    name += std::to_string(si);
    json site = json::parse(R"({"provider": "AWS", "pue": 1.25, "max_rack_power_kw": 140,
      "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
      "install": {"crews": 4, "racks_per_crew_per_week": 20, "burn_in_hours": 0, "burn_in_fail_prob": 0},
      "repair": {"technicians": 4, "spare_nodes": 50, "spare_restock_days": 7}})");
    site["name"] = name;
    site["install"]["burn_in_hours"] = pick(0, 72);
    const int month = pick(2, 11);
    site["power_stages"] = json::array({{{"date", fmt_date(month)}, {"power_mw", uniform(0.5, 4)}},
                                        {{"date", fmt_date(month + 1)}, {"power_mw", uniform(0.5, 4)}}});
    json units = json::array();
    for (int u = 0, n = pick(1, 3); u < n; ++u)
      units.push_back({{"kind", "gas_turbine"},
                       {"power_mw", uniform(0.5, 3)},
                       {"ordered", "2026-01-01"},
                       {"lead_time_days", {{"dist", "uniform"}, {"min", 0}, {"max", 60}}},
                       {"fuel_usd_per_mwh", 60},
                       {"tco2_per_mwh", 0.4},
                       {"forced_outage_rate", uniform(0.05, 0.4)},
                       {"mean_outage_hours", uniform(2, 72)},
                       {"after_grid", after[pick(0, 2)]}});
    site["generation"] = units;
    if (pick(0, 1) == 1) site["battery"] = {{"power_mw", uniform(0.2, 2)}, {"energy_mwh", uniform(0.1, 5)}};
    d["sites"].push_back(site);
    d["orders"].push_back({{"sku", "GB200_NVL72"},
                           {"site", name},
                           {"deliveries", json::array({{{"date", "2026-01-15"}, {"racks", pick(5, 30)}},
                                                       {{"date", "2026-05-01"}, {"racks", pick(5, 30)}}})}});
  }
  return d;
}

using Run = gwsim::test::BuildoutRun;
Run run(const json& doc, std::uint64_t seed) { return gwsim::test::run_buildout(doc, seed); }

}  // namespace

TEST_CASE("load shedding keeps the draw within the supply at every instant; GPUs are conserved", "[power_ledger]") {
  std::int64_t held = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    INFO("seed " << seed);
    json doc = random_scenario(seed);
    if (seed % 3 == 0)  // held racks also cordoned by the lemon policy
      doc["lemon_policy"] = {{"failures", 2}, {"window_days", 60}, {"action", "cordon"}, {"cordon_days", 5}};
    const Run r = run(doc, seed);
    // the draw above the supply, integrated exactly over every interval between events
    REQUIRE(r.summary.generation.used);
    REQUIRE(r.summary.generation.unserved_mwh == 0);
    held += r.summary.generation.racks_held;
    REQUIRE(r.summary.generation.bridge_energy_mwh <= r.summary.energy_mwh * (1 + 1e-12));
    const auto& up = r.ts.column("gpus_in_service");
    const auto& failed = r.ts.column("gpus_failed");
    const auto& repair = r.ts.column("gpus_in_repair");
    const auto& racks = r.ts.column("racks_in_service");
    const auto& grid = r.ts.column("energized_grid_mw");
    const auto& onsite = r.ts.column("energized_onsite_mw");
    const auto& energized = r.ts.column("power_energized_mw");
    for (std::size_t row = 0; row < up.size(); ++row) {
      INFO("row " << row);
      REQUIRE(up[row] + failed[row] + repair[row] == 72 * racks[row]);  // held GPUs count as cordoned
      REQUIRE(energized[row] == Approx(grid[row] + onsite[row]).margin(1e-9));
    }
  }
  REQUIRE(held > 0);  // the outages did make the sites shed
}

// Curtailment windows at every site (both rules, dated and random, shed_mw up
// to the whole site): the draw stays within the supply net of the cut at
// every instant (unserved_mwh, integrated exactly between events, is 0).
TEST_CASE("with curtailment the draw stays within the supply net of the cut", "[power_ledger]") {
  std::int64_t paused = 0, held = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    INFO("seed " << seed);
    json doc = random_scenario(seed);
    gwsim::RandomEngine rng(seed + 1000);
    const auto pick = [&](int lo, int hi) { return boost::random::uniform_int_distribution<int>(lo, hi)(rng); };
    double shed_total = 0;
    for (std::size_t si = 0; si < doc["sites"].size(); ++si) {
      json& site = doc["sites"][si];
      if (seed % 4 == 0) site.erase("generation");  // curtailment alone
      const double shed = 0.2 * pick(1, 20);
      shed_total += shed;
      site["curtailment"] = {{"rule", pick(0, 1) == 0 ? "interrupt" : "generation_first"},
                             {"shed_mw", shed},
                             {"windows", json::array({{{"start", fmt_date(pick(2, 11))}, {"hours", pick(1, 96)}}})},
                             {"events_per_year", pick(0, 20)},
                             {"event_hours", {{"dist", "uniform"}, {"min", 1}, {"max", 30}}}};
    }
    const Run r = gwsim::test::run_buildout(doc, seed, true);
    REQUIRE(r.summary.generation.unserved_mwh == 0);
    paused += r.summary.power_ledger.burn_in_pauses;
    held += r.summary.generation.racks_held;
    REQUIRE(r.summary.power_ledger.curtailment_hours > 0);
    const auto& cut = r.ts.column("curtailed_mw");
    const auto& site_cut = r.ts.site_column("curtailed_mw");  // rows x 2 sites
    for (std::size_t row = 0; row < cut.size(); ++row) {
      const double sites = site_cut[2 * row] + site_cut[2 * row + 1];
      REQUIRE(cut[row] == Approx(sites).margin(1e-9));
      REQUIRE(cut[row] <= shed_total + 1e-9);
    }
    // the energized MW by source at the end add up to the energized MW of each site
    const gwsim::PowerLedgerFigures& f = r.summary.power_ledger;
    for (std::size_t si = 0; si < doc["sites"].size(); ++si)
      REQUIRE(f.grid_mw[si] + f.non_grid_mw[si] + f.onsite_mw[si] ==
              Approx(r.summary.site_energized_mw[si]).margin(1e-9));
  }
  REQUIRE(held > 0);    // the cuts did hold racks in service
  REQUIRE(paused > 0);  // and paused racks in burn-in
}

TEST_CASE("a non-grid stage is energized MW by source of its own", "[power_ledger]") {
  json doc = random_scenario(5);
  doc["sites"][0]["power_stages"][1]["grid"] = false;
  const Run r = gwsim::test::run_buildout(doc, 5, true);
  const double non_grid = doc["sites"][0]["power_stages"][1]["power_mw"].get<double>();
  CHECK(r.summary.power_ledger.non_grid_mw[0] == Approx(non_grid).epsilon(1e-12));
  CHECK(r.summary.power_ledger.non_grid_mw[1] == 0);
  CHECK(r.ts.column("energized_non_grid_mw").back() == Approx(non_grid).epsilon(1e-12));
  const auto& site_non_grid = r.ts.site_column("energized_non_grid_mw");  // rows x 2 sites
  CHECK(site_non_grid[site_non_grid.size() - 2] == Approx(non_grid).epsilon(1e-12));
  CHECK(r.summary.power_ledger.grid_mw[0] ==
        Approx(doc["sites"][0]["power_stages"][0]["power_mw"].get<double>()).epsilon(1e-12));
}

TEST_CASE("a run with on-site generation is reproducible", "[power_ledger]") {
  const json doc = random_scenario(7);
  REQUIRE(run(doc, 7).csv == run(doc, 7).csv);
}

TEST_CASE("without generation the generation columns and figures are absent", "[power_ledger]") {
  json doc = random_scenario(3);
  for (json& site : doc["sites"]) site.erase("generation");
  const Run r = run(doc, 3);
  REQUIRE_FALSE(r.summary.generation.used);
  REQUIRE(r.csv.find("bridge_energy_mwh") == std::string::npos);
  REQUIRE(r.csv.find("energized_grid_mw") == std::string::npos);
  REQUIRE(r.csv.find("curtailed_mw") == std::string::npos);
  REQUIRE(r.csv.find("energized_non_grid_mw") == std::string::npos);
}

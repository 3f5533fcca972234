// Fabric domains, rack health and the largest run that could start
// (model/fabric.hpp; docs/jobs.md, "Fabric domains"), on cases worked out by
// hand, the milestone largest_run_gpus, a property over random seeds, and the
// reader's errors for sites[].racks_per_domain and the milestone.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "core/time.hpp"
#include "io/explain.hpp"
#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"
#include "model/buildout.hpp"
#include "model/columns.hpp"
#include "model/fabric.hpp"
#include "run/replications.hpp"

namespace cols = gwsim::columns;
using nlohmann::json;

namespace {

// One site of `buildings` buildings, one SKU of 72 GPUs in 18 nodes of 4
// (an NVL72) tolerating `t` nodes down.
gwsim::Scenario fabric_scenario(std::size_t buildings, std::int64_t racks_per_domain, int t) {
  gwsim::Scenario s;
  gwsim::Sku k;
  k.name = "NVL72";
  k.gpus_per_rack = 72;
  k.gpus_per_node = 4;
  k.tolerated_nodes_down = t;
  s.skus.push_back(k);
  gwsim::Site site;
  site.name = "a";
  site.buildings.resize(buildings);
  site.racks_per_domain = racks_per_domain;
  s.sites.push_back(site);
  return s;
}

// A rack enters service: all its 72 GPUs come up.
void enter(gwsim::Fabric& f, std::uint32_t rack) { f.gpus_up(0, 0, rack, 72); }

// The site's largest and multi-domain runs.
std::pair<std::int64_t, std::int64_t> runs(const gwsim::Fabric& f) {
  return {f.largest_run_gpus(0), f.multi_domain_run_gpus(0)};
}

}  // namespace

TEST_CASE("domains: racks in order of entering service, per building, never across one", "[fabric]") {
  const gwsim::Scenario s = fabric_scenario(2, 4, -1);
  // racks 0-4 and 8-9 in building 0, racks 5-7 in building 1
  gwsim::Fabric f(
      s, [](std::uint32_t r) { return r >= 5 && r <= 7 ? 1U : 0U; }, nullptr);
  for (std::uint32_t r = 0; r < 10; ++r) enter(f, r);
  // building 0: {0, 1, 2, 3}, then {4, 8, 9}; building 1: {5, 6, 7}
  REQUIRE(f.domains(0) == 3);
  CHECK(f.domain_racks(0, 0) == 4);
  CHECK(f.domain_racks(0, 1) == 3);
  CHECK(f.domain_racks(0, 2) == 3);
  CHECK(runs(f) == std::pair<std::int64_t, std::int64_t>{4 * 72, 10 * 72});
}

TEST_CASE("domains: with racks_per_domain 0 the whole site is one domain, across buildings", "[fabric]") {
  const gwsim::Scenario s = fabric_scenario(3, 0, -1);
  gwsim::Fabric f(
      s, [](std::uint32_t r) { return r % 3; }, nullptr);
  for (std::uint32_t r = 0; r < 7; ++r) enter(f, r);
  REQUIRE(f.domains(0) == 1);
  CHECK(f.domain_racks(0, 0) == 7);
  CHECK(runs(f) == std::pair<std::int64_t, std::int64_t>{7 * 72, 7 * 72});
}

TEST_CASE("rack health: an NVL72 with t = 2 serves one node down, not three", "[fabric]") {
  const gwsim::Scenario s = fabric_scenario(1, 0, 2);
  gwsim::Fabric f(
      s, [](std::uint32_t) { return 0U; }, nullptr);
  enter(f, 0);
  f.gpus_down(0, 0, 0, 4);  // one node: 68 GPUs up, healthy
  CHECK(runs(f).first == 68);
  f.gpus_down(0, 0, 0, 4);  // two nodes: still within the rule
  CHECK(runs(f).first == 64);
  f.gpus_down(0, 0, 0, 4);  // three nodes: unhealthy, counts nothing
  CHECK(runs(f) == std::pair<std::int64_t, std::int64_t>{0, 0});
  f.gpus_up(0, 0, 0, 4);  // back to two nodes down
  CHECK(runs(f).first == 64);
}

TEST_CASE("rack health: without a rule (-1) a rack serves its GPUs up", "[fabric]") {
  const gwsim::Scenario s = fabric_scenario(1, 0, -1);
  gwsim::Fabric f(
      s, [](std::uint32_t) { return 0U; }, nullptr);
  enter(f, 0);
  f.gpus_down(0, 0, 0, 12);
  CHECK(runs(f).first == 60);
}

TEST_CASE("largest run: a sequence of events worked by hand, and its changes reported", "[fabric]") {
  const gwsim::Scenario s = fabric_scenario(1, 2, 2);
  std::vector<std::int64_t> told;
  gwsim::Fabric f(
      s, [](std::uint32_t) { return 0U; }, [&](std::uint32_t, std::int64_t g) { told.push_back(g); });
  for (std::uint32_t r = 0; r < 4; ++r) enter(f, r);  // domains {0, 1} and {2, 3}
  CHECK(runs(f) == std::pair<std::int64_t, std::int64_t>{144, 288});
  f.gpus_down(0, 0, 0, 4);  // domain 0: 140; domain 1 still 144
  CHECK(runs(f) == std::pair<std::int64_t, std::int64_t>{144, 284});
  f.gpus_down(0, 0, 2, 12);  // rack 2 loses three nodes: domain 1 is 72
  CHECK(runs(f) == std::pair<std::int64_t, std::int64_t>{140, 212});
  f.gpus_up(0, 0, 2, 4);  // rack 2 within the rule again, 64 up: domain 1 is 136
  CHECK(runs(f) == std::pair<std::int64_t, std::int64_t>{140, 276});
  CHECK(told == std::vector<std::int64_t>{72, 144, 140});
}

TEST_CASE("MaxTree: the maximum of a growing array under updates", "[fabric]") {
  gwsim::MaxTree t;
  CHECK(t.max() == 0);
  std::vector<std::int64_t> v;
  for (int i = 0; i < 37; ++i) {
    REQUIRE(t.push() == static_cast<std::size_t>(i));
    v.push_back((i * 7919) % 101);
    t.set(static_cast<std::size_t>(i), v.back());
    REQUIRE(t.max() == *std::max_element(v.begin(), v.end()));
  }
  for (int i = 0; i < 37; ++i) {
    v[static_cast<std::size_t>(i)] = (i * 31) % 17;
    t.set(static_cast<std::size_t>(i), v[static_cast<std::size_t>(i)]);
    REQUIRE(t.max() == *std::max_element(v.begin(), v.end()));
  }
}

namespace {

// Two buildings of 2 slots each (b1 ready first), racks_per_domain 4, 4
// GB200 racks delivered Feb 1, one installed a day, in service a day later.
json two_buildings() {
  return json::parse(R"({
    "gwsim_scenario": 1, "name": "f", "start": "2026-01-01", "end": "2026-03-31",
    "sites": [
      {"name": "a", "provider": "P", "pue": 1.25, "max_rack_power_kw": 140, "racks_per_domain": 4,
       "buildings": [{"rack_slots": 2, "ready": "2026-01-15"}, {"rack_slots": 2, "ready": "2026-01-01"}],
       "power_stages": [{"date": "2026-01-01", "power_mw": 10}],
       "install": {"crews": 1, "racks_per_crew_per_week": 7, "burn_in_hours": 24, "burn_in_fail_prob": 0},
       "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-02-01", "racks": 4}]}],
    "failures": {"enabled": false}
  })");
}

gwsim::Timeseries run_ts(const gwsim::Scenario& s, std::uint64_t seed) {
  gwsim::Engine eng;
  gwsim::Buildout m(eng, s, seed);
  m.recorder().record_sites();
  eng.run_until(m.horizon());
  return m.timeseries();
}

}  // namespace

TEST_CASE("in the model: a domain of 4 racks never spans the two buildings of 2 slots", "[fabric]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(two_buildings(), "f.json");
  const gwsim::Timeseries ts = run_ts(s, 1);
  CHECK(ts.column(std::string(cols::largest_run_gpus.name)).back() == 2 * 72);
  CHECK(ts.column(std::string(cols::largest_multi_domain_run_gpus.name)).back() == 4 * 72);
  CHECK(ts.column(std::string(cols::gpus_in_service.name)).back() == 4 * 72);
}

TEST_CASE("milestone largest_run_gpus: reached when a domain holds the threshold", "[fabric][milestones]") {
  json d = two_buildings();
  d["sites"][0]["buildings"] = json::parse(R"([{"rack_slots": 100, "ready": "2026-01-01"}])");
  d["sites"][0]["racks_per_domain"] = 2;
  // the k-th rack is installed by Feb 1 + k days, in service a day later (tests/model/test_milestones.cpp);
  // domains {0, 1} and {2, 3}: 144 GPUs when the 2nd rack enters service, Feb 1 + 3 days; never 145;
  // all 4 racks up on Feb 1 + 5 days
  d["milestones"] = json::parse(R"([{"name": "144", "metric": "largest_run_gpus", "threshold": 144},
      {"name": "145", "metric": "largest_run_gpus", "threshold": 145, "site": "a"},
      {"name": "all up", "metric": "gpus_in_service", "threshold": 288}])");
  const gwsim::RunOutput out = gwsim::run_scenario(gwsim::scenario_from_json(d, "f.json"), 1);
  const gwsim::Calendar cal("2026-01-01");
  REQUIRE(out.summary.milestones.size() == 3);
  REQUIRE(out.summary.milestones[0].reached);
  CHECK(cal.format(*out.summary.milestones[0].reached) == "2026-02-04T00:00:00");
  CHECK(out.summary.milestones[0].value_at_end == 144);
  CHECK_FALSE(out.summary.milestones[1].reached);
  CHECK(out.summary.milestones[1].value_at_end == 144);
  const gwsim::Scenario sc = gwsim::scenario_from_json(d, "f.json");
  CHECK(gwsim::milestone_reason(sc, out.summary, 1, cal) ==
        "144 of the 145 GPUs needed in one fabric domain at the end: no site can reach it; site a: one domain holds "
        "at most 144 GPUs (2 racks per domain)");
  REQUIRE(out.summary.milestones[2].reached);
  CHECK(cal.format(*out.summary.milestones[2].reached) == "2026-02-06T00:00:00");
}

TEST_CASE("property: per site, largest run <= multi-domain run <= GPUs up; the fleet's is the max", "[fabric]") {
  json d = json::parse(R"({
    "gwsim_scenario": 1, "name": "p", "start": "2026-01-01", "end": "2026-06-30",
    "catalog": {"NVL72_T2": {"gpus_per_rack": 72, "gpus_per_node": 4, "rack_power_kw": 132, "fp8_pflops_per_gpu": 5,
             "bf16_pflops_per_gpu": 2.5, "hbm_gb_per_gpu": 186, "capex_usd_per_rack": 3e6,
             "tolerated_nodes_down": 2, "failure_classes": [
               {"name": "node", "blast": "node", "mtbf_gpu_hours": 2000, "repair_hours": {"dist": "fixed", "value": 48}},
               {"name": "gpu", "blast": "gpu", "mtbf_gpu_hours": 3000, "repair_hours": {"dist": "fixed", "value": 8}}]}},
    "sites": [
      {"name": "a", "provider": "P", "pue": 1.2, "max_rack_power_kw": 140, "racks_per_domain": 3,
       "buildings": [{"rack_slots": 7, "ready": "2026-01-01"}, {"rack_slots": 20, "ready": "2026-01-01"}],
       "power_stages": [{"date": "2026-01-01", "power_mw": 10}],
       "install": {"crews": 4, "racks_per_crew_per_week": 7, "burn_in_hours": 24, "burn_in_fail_prob": 0},
       "repair": {"technicians": 2, "spare_nodes": 4, "spare_restock_days": 3}},
      {"name": "b", "provider": "P", "pue": 1.2, "max_rack_power_kw": 140,
       "buildings": [{"rack_slots": 50, "ready": "2026-01-01"}],
       "power_stages": [{"date": "2026-01-01", "power_mw": 10}],
       "install": {"crews": 2, "racks_per_crew_per_week": 7, "burn_in_hours": 24, "burn_in_fail_prob": 0},
       "repair": {"technicians": 1, "spare_nodes": 2, "spare_restock_days": 3}}],
    "orders": [{"sku": "NVL72_T2", "site": "a", "deliveries": [{"date": "2026-01-10", "racks": 25}]},
               {"sku": "NVL72_T2", "site": "b", "deliveries": [{"date": "2026-01-20", "racks": 12}]}]
  })");
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "p.json");
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const gwsim::Timeseries ts = run_ts(s, seed);
    const auto& largest = ts.column(std::string(cols::largest_run_gpus.name));
    const auto& multi = ts.column(std::string(cols::largest_multi_domain_run_gpus.name));
    const auto& site_largest = ts.site_column(std::string(cols::largest_run_gpus.name));
    const auto& site_multi = ts.site_column(std::string(cols::largest_multi_domain_run_gpus.name));
    const auto& site_up = ts.site_column(std::string(cols::gpus_in_service.name));
    bool below_up = false;  // some day a failure took a domain below the site's GPUs up
    for (std::size_t row = 0; row < ts.rows(); ++row) {
      double most = 0, most_multi = 0;
      for (std::size_t si = 0; si < 2; ++si) {
        const std::size_t i = row * 2 + si;
        INFO("seed " << seed << " row " << row << " site " << si);
        REQUIRE(site_largest[i] <= site_multi[i]);
        REQUIRE(site_multi[i] <= site_up[i]);
        below_up = below_up || site_largest[i] < site_up[i];
        most = std::max(most, site_largest[i]);
        most_multi = std::max(most_multi, site_multi[i]);
      }
      REQUIRE(largest[row] == most);
      REQUIRE(multi[row] == most_multi);
    }
    CHECK(below_up);
  }
}

TEST_CASE("reader: sites[].racks_per_domain is an integer >= 0", "[fabric][loader]") {
  json d = gwsim::test::minimal_scenario();
  d["sites"][0]["racks_per_domain"] = 16;
  CHECK(gwsim::scenario_from_json(d, "t.json").sites[0].racks_per_domain == 16);
  d["sites"][0]["racks_per_domain"] = -1;
  CHECK(gwsim::test::error_code_at(d) == "scenario.range /sites/0/racks_per_domain");
  d["sites"][0]["racks_per_domain"] = "16";
  CHECK(gwsim::test::error_code_at(d) == "scenario.type /sites/0/racks_per_domain");
  d["sites"][0]["racks_per_domain"] = 1.5;
  CHECK(gwsim::test::error_code_at(d).rfind("scenario.", 0) == 0);
  CHECK(gwsim::test::error_code_at(d).find("/sites/0/racks_per_domain") != std::string::npos);
}

TEST_CASE("reader: a largest_run_gpus milestone takes an absolute threshold, no sku", "[fabric][loader]") {
  json d = gwsim::test::minimal_scenario();
  d["milestones"] = json::parse(R"([{"name": "m", "metric": "largest_run_gpus", "threshold": 100}])");
  CHECK(gwsim::scenario_from_json(d, "t.json").milestones[0].metric == gwsim::MilestoneMetric::largest_run_gpus);
  d["milestones"][0]["sku"] = "GB200_NVL72";
  CHECK(gwsim::test::error_code_at(d) == "scenario.unknown_key /milestones/0/sku");
  d["milestones"][0].erase("sku");
  d["milestones"][0].erase("threshold");
  d["milestones"][0]["fraction"] = 0.5;
  CHECK(gwsim::test::error_code_at(d) == "scenario.unknown_key /milestones/0/fraction");
}

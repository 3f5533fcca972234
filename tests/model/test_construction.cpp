// Buildings built as a process (docs/power.md, "Construction"): phases,
// construction crews, the ready floor, and the GPU-days stranded for construction.
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "io/loader.hpp"
#include "io/output.hpp"
#include "model/bottleneck.hpp"
#include "model/buildout.hpp"
#include "model/buildout_run.hpp"
#include "model/construction.hpp"

using gwsim::days;
using nlohmann::json;

namespace {

json fixed(double v) { return {{"dist", "fixed"}, {"value", v}}; }

// A building of `slots` slots, construction from `start`: shell 30, fit-out 20, commissioning 10 days.
json building(const char* start, int slots = 5, const char* ready = "2026-01-01") {
  return {
      {"rack_slots", slots},
      {"ready", ready},
      {"construction",
       {{"start", start}, {"shell_days", fixed(30)}, {"fitout_days", fixed(20)}, {"commissioning_days", fixed(10)}}}};
}

json one_site(const json& buildings, int construction_crews = 0) {
  json d = json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31", "seed": 3,
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.25, "max_rack_power_kw": 140,
               "power_stages": [{"date": "2026-01-01", "power_mw": 100}],
               "install": {"crews": 10, "racks_per_crew_per_week": 1, "burn_in_hours": 24, "burn_in_fail_prob": 0},
               "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-02-01", "racks": 10}]}],
    "failures": {"enabled": false}
  })");
  d["sites"][0]["buildings"] = buildings;
  if (construction_crews > 0) d["sites"][0]["construction_crews"] = construction_crews;
  return d;
}

// The construction component alone: the ready instants, in order, and the
// site's under-construction flags as the hooks saw them.
struct Built {
  std::vector<std::pair<std::uint32_t, gwsim::Tick>> ready;  // (building, instant)
  std::vector<bool> flags;
  std::vector<std::optional<gwsim::Tick>> shell_start;
};

Built build(const json& doc, std::uint64_t seed = 1) {
  const gwsim::Scenario s = gwsim::scenario_from_json(doc, "t.json");
  gwsim::Engine eng;
  gwsim::RandomStreams streams(seed);
  Built out;
  gwsim::BuildingConstruction c(eng, s, streams,
                                {[&](std::uint32_t, bool on) { out.flags.push_back(on); },
                                 [&](std::uint32_t, std::uint32_t k) { out.ready.emplace_back(k, eng.now()); }});
  c.add_site(0);
  eng.run_until(s.end);
  for (std::uint32_t k = 0; k < s.sites[0].buildings.size(); ++k) out.shell_start.push_back(c.shell_start(0, k));
  return out;
}

using Run = gwsim::test::BuildoutRun;
Run run(const json& doc, std::uint64_t seed) { return gwsim::test::run_buildout(doc, seed, true); }

bool has_column(const gwsim::Timeseries& ts, const std::string& name) {
  for (const auto& c : ts.columns())
    if (c.name == name) return true;
  return false;
}

}  // namespace

TEST_CASE("construction: a building with fixed phases is ready at start + shell + fit-out + commissioning",
          "[construction]") {
  const Built b = build(one_site(json::array({building("2026-01-11")})));
  REQUIRE(b.ready.size() == 1);
  CHECK(b.ready[0].second == days(10 + 30 + 20 + 10));
  CHECK(b.shell_start[0] == days(10));
  CHECK(b.flags == std::vector<bool>{true, false});
}

TEST_CASE("construction: a slip delays the ready instant, and the ready date is a floor", "[construction]") {
  json late = one_site(json::array({building("2026-01-01"), building("2026-01-01", 5, "2026-04-11")}));
  late["sites"][0]["buildings"][0]["construction"]["slip_days"] = fixed(5);
  late["sites"][0]["buildings"][1]["construction"]["slip_days"] = fixed(-40);  // never before fit-out's end
  const Built b = build(late);
  REQUIRE(b.ready.size() == 2);
  CHECK(b.ready[0] == std::pair<std::uint32_t, gwsim::Tick>{0, days(60 + 5)});
  CHECK(b.ready[1] == std::pair<std::uint32_t, gwsim::Tick>{1, days(100)});  // its ready date, 2026-04-11
  // without the ready floor, a negative slip stops at the fit-out's end
  late["sites"][0]["buildings"][1]["ready"] = "2026-01-01";
  CHECK(build(late).ready[0] == std::pair<std::uint32_t, gwsim::Tick>{1, days(50)});
}

TEST_CASE("construction: with one crew, the second building's shell starts when the first's fit-out ends",
          "[construction]") {
  const json two = json::array({building("2026-01-01"), building("2026-01-01")});
  const Built one_crew = build(one_site(two, 1));
  REQUIRE(one_crew.ready.size() == 2);
  CHECK(one_crew.shell_start[1] == days(30 + 20));
  CHECK(one_crew.ready[0].second == days(60));
  CHECK(one_crew.ready[1].second == days(50 + 60));
  CHECK(one_crew.flags == std::vector<bool>{true, false});  // the site is under construction throughout
  // no limit (0) or two crews: both at once
  CHECK(build(one_site(two)).ready[1].second == days(60));
  CHECK(build(one_site(two, 2)).ready[1].second == days(60));
  // crews are taken in order of construction start: the later start waits, the earlier does not
  const json reversed = json::array({building("2026-01-21"), building("2026-01-01")});
  const Built r = build(one_site(reversed, 1));
  CHECK(r.shell_start[1] == days(0));
  CHECK(r.shell_start[0] == days(50));
}

TEST_CASE(
    "construction: slot-waiting racks are stranded for construction exactly while a building is under "
    "construction",
    "[construction]") {
  // 10 racks (720 GPUs) arrive on day 31. Building 0 (5 slots) is built from
  // day 0, ready on day 60; building 1 (5 slots) from day 90, ready on day
  // 150. Days 31-60: 720 GPUs wait for a slot, building 0 under construction.
  // Days 60-90: 360 GPUs wait, no building under construction (slot only).
  // Days 90-150: 360 GPUs wait, building 1 under construction.
  const Run r = run(one_site(json::array({building("2026-01-01"), building("2026-04-01")})), 1);
  const double construction = 720.0 * 29 + 360.0 * 60;
  CHECK(r.summary.stranded_no_slot_gpu_days == Approx(construction + 360.0 * 30));
  CHECK(r.summary.stranded_construction_gpu_days == Approx(construction));
  const auto& col = r.ts.column("stranded_construction_gpu_days");
  CHECK(col.back() == Approx(construction));
  CHECK(col[45] == Approx(720.0 * (45 + 1 - 31)));  // the row of day d is the state at its end
  const auto& under = r.ts.column("buildings_under_construction");
  CHECK(under[0] == 1);
  CHECK(under[59] == 1);
  CHECK(under[60] == 0);
  CHECK(under[90] == 1);
  CHECK(under[150] == 0);
  CHECK(r.ts.site_column("buildings_under_construction")[90] == 1);
  // the last racks take building 1's slots on day 150: in service 7 days of install and 1 of burn-in later
  CHECK(r.summary.in_service_100pct == days(150 + 8));
  CHECK(gwsim::bottleneck(r.summary) == "construction (buildings being built)");
}

TEST_CASE("construction: without construction no column is added and no draw is made", "[construction]") {
  json plain = one_site(json::array({{{"rack_slots", 10}, {"ready", "2026-03-02"}}}));
  const Run p = run(plain, 1);
  CHECK_FALSE(has_column(p.ts, "buildings_under_construction"));
  CHECK_FALSE(has_column(p.ts, "stranded_construction_gpu_days"));
  CHECK(p.summary.stranded_construction_gpu_days == 0);
  CHECK(p.summary.stranded_no_slot_gpu_days == Approx(720.0 * 29));
  // a building with fixed phases ready on the same day gives the same figures
  const Run c = run(one_site(json::array({building("2026-01-01", 10)})), 1);
  CHECK(c.summary.stranded_no_slot_gpu_days == Approx(p.summary.stranded_no_slot_gpu_days));
  CHECK(c.summary.in_service_100pct == p.summary.in_service_100pct);
}

TEST_CASE("construction: the draws are deterministic per seed", "[construction]") {
  json d = one_site(json::array({building("2026-01-01"), building("2026-01-15"), building("2026-02-01")}), 1);
  for (json& b : d["sites"][0]["buildings"]) {
    b["construction"]["shell_days"] = {{"dist", "lognormal"}, {"median", 40}, {"sigma", 0.3}};
    b["construction"]["slip_days"] = {{"dist", "exponential"}, {"mean", 10}};
  }
  const Run a = run(d, 7), b = run(d, 7), c = run(d, 8);
  CHECK(a.csv == b.csv);
  CHECK(a.csv != c.csv);
  const Built x = build(d, 7), y = build(d, 7);
  CHECK(x.ready == y.ready);
}

TEST_CASE(
    "construction: over random laws and crews, the construction GPU-days are a part of the slot GPU-days, "
    "and sites' buildings under construction sum to the fleet's",
    "[construction]") {
  json d = one_site(json::array({building("2026-01-01", 3), building("2026-02-01", 3), building("2026-03-01", 4)}), 1);
  d["sites"].push_back(d["sites"][0]);
  d["sites"][1]["name"] = "b";
  d["sites"][1]["construction_crews"] = 2;
  d["orders"].push_back(d["orders"][0]);
  d["orders"][1]["site"] = "b";
  for (json& site : d["sites"])
    for (json& b : site["buildings"]) {
      b["construction"]["shell_days"] = {{"dist", "exponential"}, {"mean", 30}};
      b["construction"]["fitout_days"] = {{"dist", "uniform"}, {"min", 5}, {"max", 40}};
      b["construction"]["slip_days"] = {{"dist", "normal"}, {"mean", 0}, {"sd", 20}};
    }
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    INFO("seed " << seed);
    const Run r = run(d, seed);
    CHECK(r.summary.stranded_construction_gpu_days <= r.summary.stranded_no_slot_gpu_days * (1 + 1e-12));
    const auto& fleet = r.ts.column("buildings_under_construction");
    const auto& sites = r.ts.site_column("buildings_under_construction");
    const auto& waiting = r.ts.column("stranded_construction_gpu_days");
    for (std::size_t row = 0; row < r.ts.rows(); ++row) {
      CHECK(fleet[row] == sites[row * 2] + sites[row * 2 + 1]);
      CHECK(fleet[row] <= 6);
      if (row > 0) CHECK(waiting[row] >= waiting[row - 1]);
    }
    CHECK(fleet.back() == 0);  // every building ready by the end (for these seeds)
  }
}

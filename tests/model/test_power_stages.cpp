// When power stages are energized (sim/model/power_stages.hpp; docs/power.md, "Grid
// interconnection and long-lead equipment"): the join of a stage's date, its site's
// interconnection and its equipment, worked out by hand with fixed laws; withdrawal,
// downsizing, per-stage slips; the power-stranded GPU-days split by cause.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "core/units.hpp"
#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"
#include "model/buildout.hpp"
#include "model/power.hpp"
#include "model/power_stages.hpp"

using gwsim::PowerWait;
using gwsim::Tick;
using nlohmann::json;

namespace {

json fixed(double v) { return {{"dist", "fixed"}, {"value", v}}; }

// One site "a" (start 2026-01-01) with the given power stages; no racks ordered.
json site_with(const json& stages) {
  json d = gwsim::test::minimal_scenario();
  d["end"] = "2030-12-31";
  d["sites"][0]["power_stages"] = stages;
  d["orders"] = json::array();
  return d;
}

// The ticks at which site 0's power grew, with its energized MW after each, and what
// the site's next stage waited for at the probes' instants.
struct Energized {
  std::vector<Tick> at;
  std::vector<double> mw;
  std::vector<PowerWait> waits;
};

Energized run_stages(const json& doc, std::uint64_t seed = 1, const std::vector<Tick>& probes = {}) {
  const gwsim::Scenario s = gwsim::scenario_from_json(doc, "t.json");
  gwsim::Engine eng;
  gwsim::RandomStreams streams(seed);
  Energized out;
  gwsim::Power* power_ptr = nullptr;
  gwsim::Power power(eng, s, [&](std::uint32_t si) {
    if (si != 0) return;
    out.at.push_back(eng.now());
    out.mw.push_back(power_ptr->energized_mw(0));
  });
  power_ptr = &power;
  gwsim::PowerStages stages(eng, s, streams, power);
  for (std::uint32_t si = 0; si < s.sites.size(); ++si) {
    power.add_site(si);
    stages.add_site(si);
  }
  for (Tick t : probes) {
    eng.run_until(t);
    out.waits.push_back(stages.waiting_for(0));
  }
  eng.run_until(gwsim::days(365 * 5));
  return out;
}

constexpr Tick day(std::int64_t d) { return gwsim::days(d); }

}  // namespace

TEST_CASE("a stage whose transformer arrives after its date is energized at the arrival", "[model][power_stages]") {
  // date 2026-03-01 (day 59); transformer ordered 2026-01-01, 100 days: day 100
  json st = {{"date", "2026-03-01"},
             {"power_mw", 10},
             {"equipment", {{{"name", "transformer"}, {"ordered", "2026-01-01"}, {"lead_time_days", fixed(100)}}}}};
  const Energized e = run_stages(site_with(json::array({st})), 1, {day(30), day(70), day(101)});
  REQUIRE(e.at == std::vector<Tick>{day(100)});
  REQUIRE(e.mw == std::vector<double>{10});
  REQUIRE(e.waits == std::vector<PowerWait>{PowerWait::date, PowerWait::equipment, PowerWait::none});

  // the item arriving before the date: the date rules
  st["equipment"][0]["lead_time_days"] = fixed(20);
  REQUIRE(run_stages(site_with(json::array({st}))).at == std::vector<Tick>{day(59)});
  // two items: the later one
  st["equipment"].push_back({{"name", "switchgear"}, {"ordered", "2025-12-01"}, {"lead_time_days", fixed(150)}});
  REQUIRE(run_stages(site_with(json::array({st}))).at == std::vector<Tick>{day(150 - 31)});
}

TEST_CASE("a grid stage is energized at request + study + agreement + construction; a non-grid stage at its date",
          "[model][power_stages]") {
  json d = site_with(json::array(
      {{{"date", "2026-01-10"}, {"power_mw", 10}}, {{"date", "2026-02-01"}, {"power_mw", 5}, {"grid", false}}}));
  // requested 2025-12-01 (day -31): 30 + 20 + 50 days later is day 69
  d["sites"][0]["grid"] = {{"request", "2025-12-01"},
                           {"study_days", fixed(30)},
                           {"agreement_days", fixed(20)},
                           {"construction_days", fixed(50)}};
  const Energized e = run_stages(d, 1, {day(5), day(20), day(70)});
  REQUIRE(e.at == std::vector<Tick>{day(31), day(69)});
  REQUIRE(e.mw == std::vector<double>{5, 15});
  // after stage 0's date it waits for the interconnection, whatever stage 1 does
  REQUIRE(e.waits == std::vector<PowerWait>{PowerWait::date, PowerWait::interconnection, PowerWait::none});
}

TEST_CASE("withdraw_prob 1 leaves a site's grid stages off and its non-grid stages on", "[model][power_stages]") {
  json d = site_with(json::array(
      {{{"date", "2026-01-10"}, {"power_mw", 10}}, {{"date", "2026-02-01"}, {"power_mw", 5}, {"grid", false}}}));
  d["sites"][0]["grid"] = {{"request", "2026-01-01"}, {"study_days", fixed(30)}, {"withdraw_prob", 1}};
  const Energized e = run_stages(d, 1, {day(365 * 4)});
  REQUIRE(e.at == std::vector<Tick>{day(31)});
  REQUIRE(e.mw == std::vector<double>{5});
  REQUIRE(e.waits == std::vector<PowerWait>{PowerWait::interconnection});
}

TEST_CASE("downsize_prob 1 with downsize_fraction 0.5 halves each grid stage's MW, not the others'",
          "[model][power_stages]") {
  json d = site_with(json::array({{{"date", "2026-01-10"}, {"power_mw", 10}},
                                  {{"date", "2026-02-01"}, {"power_mw", 5}, {"grid", false}},
                                  {{"date", "2026-03-01"}, {"power_mw", 3}}}));
  d["sites"][0]["grid"] = {{"request", "2026-01-01"},       {"study_days", fixed(1)}, {"agreement_days", fixed(1)},
                           {"construction_days", fixed(1)}, {"downsize_prob", 1},     {"downsize_fraction", 0.5}};
  const Energized e = run_stages(d);
  REQUIRE(e.at == std::vector<Tick>{day(9), day(31), day(59)});
  REQUIRE(e.mw == std::vector<double>{5, 10, 11.5});
}

TEST_CASE("a stage's own slip_days overrides its site's stage_slip_days", "[model][power_stages]") {
  json d = site_with(json::array({{{"date", "2026-01-10"}, {"power_mw", 10}, {"slip_days", fixed(3)}},
                                  {{"date", "2026-02-01"}, {"power_mw", 5}}}));
  d["sites"][0]["stage_slip_days"] = fixed(10);
  REQUIRE(run_stages(d).at == std::vector<Tick>{day(9 + 3), day(31 + 10)});
}

TEST_CASE("random laws: the same seed gives the same instants, another seed others", "[model][power_stages]") {
  json law = {{"dist", "lognormal"}, {"median", 100}, {"sigma", 0.5}};
  json d = site_with(
      json::array({{{"date", "2026-01-10"}, {"power_mw", 10}},
                   {{"date", "2026-02-01"},
                    {"power_mw", 5},
                    {"slip_days", {{"dist", "uniform"}, {"min", 0}, {"max", 30}}},
                    {"equipment", {{{"name", "transformer"}, {"ordered", "2026-01-01"}, {"lead_time_days", law}}}}}}));
  d["sites"][0]["grid"] = {
      {"request", "2026-01-01"}, {"study_days", law}, {"agreement_days", fixed(0)}, {"construction_days", fixed(0)}};
  const Energized a = run_stages(d, 7), b = run_stages(d, 7), c = run_stages(d, 8);
  REQUIRE(a.at.size() == 2);
  REQUIRE(a.at == b.at);
  REQUIRE(a.at != c.at);
}

namespace {

// 3 GB200 racks (216 GPUs) delivered on 2026-02-01 (day 31) to site "a", whose single
// 5 MW stage is dated `date`; returns the summary.
gwsim::BuildoutSummary stranded(const json& stage, const json* grid) {
  json d = gwsim::test::minimal_scenario();
  d["sites"][0]["power_stages"] = json::array({stage});
  if (grid != nullptr) d["sites"][0]["grid"] = *grid;
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  gwsim::Engine eng;
  gwsim::Buildout m(eng, s, 1);
  eng.run_until(m.horizon());
  return m.summary();
}

}  // namespace

TEST_CASE("power-stranded GPU-days split by what the next stage waits for: date, then the later of grid and equipment",
          "[model][power_stages]") {
  const double gpus = 216;
  // date 2026-03-02 (day 60), transformer at day 80: 29 days for the date, then 20 for the item
  json st = {{"date", "2026-03-02"},
             {"power_mw", 5},
             {"equipment", {{{"name", "transformer"}, {"ordered", "2026-01-01"}, {"lead_time_days", fixed(80)}}}}};
  gwsim::BuildoutSummary s = stranded(st, nullptr);
  REQUIRE(s.stranded_no_power_gpu_days == Approx(49 * gpus));
  REQUIRE(s.stranded_equipment_gpu_days == Approx(20 * gpus));
  REQUIRE(s.stranded_interconnection_gpu_days == 0);

  // and the interconnection ending on day 120: after the date both are pending, the grid ends later
  const json grid = {{"request", "2026-01-01"},
                     {"study_days", fixed(120)},
                     {"agreement_days", fixed(0)},
                     {"construction_days", fixed(0)}};
  s = stranded(st, &grid);
  REQUIRE(s.stranded_no_power_gpu_days == Approx(89 * gpus));
  REQUIRE(s.stranded_interconnection_gpu_days == Approx(60 * gpus));
  REQUIRE(s.stranded_equipment_gpu_days == 0);

  // the transformer later than the grid (day 150): all 90 days after the date are equipment's
  st["equipment"][0]["lead_time_days"] = fixed(150);
  s = stranded(st, &grid);
  REQUIRE(s.stranded_no_power_gpu_days == Approx(119 * gpus));
  REQUIRE(s.stranded_equipment_gpu_days == Approx(90 * gpus));
  REQUIRE(s.stranded_interconnection_gpu_days == 0);

  // no grid and no equipment: all of it stays the stage date's
  s = stranded(json{{"date", "2026-03-02"}, {"power_mw", 5}}, nullptr);
  REQUIRE(s.stranded_no_power_gpu_days == Approx(29 * gpus));
  REQUIRE(s.stranded_equipment_gpu_days + s.stranded_interconnection_gpu_days == 0);
}

TEST_CASE("property: every stage is energized once, never before its date or its site's interconnection, with its MW",
          "[model][power_stages][property]") {
  // stages of 1, 2, 4, 8 MW, stage 2 off the grid; downsized grid stages keep 0.3: 0.3, 0.6, 4, 2.4 (every
  // step names its stage); 2 sites with a grid interconnection, 1 without
  json law = {{"dist", "lognormal"}, {"median", 200}, {"sigma", 0.8}};
  json stages = json::array();
  const char* dates[] = {"2026-01-10", "2026-04-01", "2026-09-01", "2027-02-01"};
  for (int k = 0; k < 4; ++k) {
    json st = {{"date", dates[k]}, {"power_mw", 1 << k}, {"grid", k != 2}};
    if (k % 2 == 1) st["slip_days"] = {{"dist", "uniform"}, {"min", 0}, {"max", 60}};
    if (k >= 1)
      st["equipment"] = {{{"name", "transformer"}, {"ordered", "2025-10-01"}, {"lead_time_days", law}},
                         {{"name", "switchgear"}, {"ordered", "2026-01-01"}, {"lead_time_days", law}}};
    stages.push_back(st);
  }
  json d = site_with(stages);
  d["end"] = "2060-12-31";
  d["sites"][0]["grid"] = {
      {"request", "2025-01-01"}, {"withdraw_prob", 0.3}, {"downsize_prob", 0.4}, {"downsize_fraction", 0.3}};
  d["sites"].push_back(d["sites"][0]);
  d["sites"][1]["name"] = "b";
  d["sites"].push_back(d["sites"][0]);
  d["sites"][2]["name"] = "c";
  d["sites"][2].erase("grid");
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  int withdrawn = 0, downsized = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    gwsim::Engine eng;
    gwsim::RandomStreams streams(seed);
    std::vector<std::int64_t> last_uw(3, 0);
    std::vector<std::vector<Tick>> at(3, std::vector<Tick>(4, -1));
    gwsim::Power* pw = nullptr;
    gwsim::PowerStages* ps = nullptr;
    gwsim::Power power(eng, s, [&](std::uint32_t si) {
      const std::int64_t step = pw->energized_uw(si) - last_uw[si];
      last_uw[si] = pw->energized_uw(si);
      const gwsim::InterconnectOutcome* g = ps->interconnection(si);
      // the stage whose MW (downsized or not) the step is, to the microwatt
      for (int k = 0; k < 4; ++k) {
        const bool on_grid = g != nullptr && k != 2;
        const double mw = (1 << k) * (on_grid ? g->fraction : 1.0);
        if (std::abs(step - gwsim::units::mw_to_uw(mw)) > 1) continue;
        INFO("seed " << seed << " site " << si << " stage " << k);
        REQUIRE(at[si][static_cast<std::size_t>(k)] == -1);  // once
        at[si][static_cast<std::size_t>(k)] = eng.now();
        REQUIRE(eng.now() >= s.sites[si].power_stages[static_cast<std::size_t>(k)].date);
        if (on_grid) {
          REQUIRE_FALSE(g->withdrawn);
          REQUIRE(eng.now() >= g->energized);
        }
        return;
      }
      FAIL("a step that is no stage's: " << step << " uW at site " << si);
    });
    pw = &power;
    gwsim::PowerStages stage_ledger(eng, s, streams, power);
    ps = &stage_ledger;
    for (std::uint32_t si = 0; si < 3; ++si) {
      power.add_site(si);
      stage_ledger.add_site(si);
    }
    eng.run_until(s.end);
    for (std::uint32_t si = 0; si < 3; ++si) {
      const gwsim::InterconnectOutcome* g = stage_ledger.interconnection(si);
      double want_mw = 0;
      for (int k = 0; k < 4; ++k) {
        const bool on_grid = g != nullptr && k != 2;
        if (on_grid && g->withdrawn) continue;
        want_mw += (1 << k) * (on_grid ? g->fraction : 1.0);
      }
      INFO("seed " << seed << " site " << si);
      REQUIRE(power.energized_mw(si) == Approx(want_mw));
      REQUIRE(stage_ledger.waiting_for(si) ==
              (g != nullptr && g->withdrawn ? PowerWait::interconnection : PowerWait::none));
      if (g != nullptr) {
        withdrawn += g->withdrawn ? 1 : 0;
        downsized += g->fraction != 1 ? 1 : 0;
      }
    }
  }
  // 120 draws of each: both outcomes happen (P(none) < 1e-18)
  REQUIRE(withdrawn > 0);
  REQUIRE(downsized > 0);
}

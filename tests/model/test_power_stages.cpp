// When power stages are energized (sim/model/power_stages.hpp; docs/power.md, "Grid
// interconnection and long-lead equipment"): the join of a stage's date, its site's
// interconnection and its equipment, worked out by hand with fixed laws; withdrawal,
// downsizing, per-stage slips; the power-stranded GPU-days split by cause.
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "core/random.hpp"
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

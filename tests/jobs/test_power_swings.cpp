// Power swings of training runs (docs/power.md, "Power swings of training
// runs"): the steps of a site's IT power when tracked runs start, stop and
// write checkpoints, worked out by hand on GB200 NVL72 racks (132 kW / 72 GPUs).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <random>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader_fixtures.hpp"
#include "jobs/jobs_fixtures.hpp"
#include "jobs/power_swings.hpp"

using nlohmann::json;
using namespace gwsim;
using namespace gwsim::test;

namespace {

// One site of `racks` GB200 NVL72 racks in service at the start (no failures),
// with power_swings at `threshold_mw`; the training runs `runs`.
json gb200(int racks, double threshold_mw, const json& runs) {
  json d = fleet(racks, false);
  d["catalog"] = json::object();
  d["orders"][0]["sku"] = "GB200_NVL72";
  d["sites"][0]["max_rack_power_kw"] = 200;
  d["workloads"] = {{"policy", "fifo"}, {"training", runs}};
  d["power_swings"] = {{"threshold_mw", threshold_mw}};
  return d;
}

// A run of `gpus` GPUs and `hours` of work, whose checkpoints cost nothing (no pause).
json plain(const char* name, int gpus, double hours) { return training(name, "2026-01-02", gpus, hours); }

struct Swings {
  JobsSummary summary;
  std::vector<JobRow> jobs;
};

// Runs `doc`, with `edit` applied to the scenario read from it.
template <class Edit>
Swings run_with(const json& doc, Edit edit, std::uint64_t seed = 1) {
  Scenario s = scenario_from_json(doc, "t.json");
  edit(s);
  Engine eng;
  Buildout fleet_model(eng, s, seed);
  JobSystem jobs(eng, s, fleet_model, seed);
  eng.run_until(fleet_model.horizon());
  jobs.finish();
  return Swings{jobs.summary(), jobs.jobs()};
}
Swings run_swings(const json& doc, std::uint64_t seed = 1) {
  return run_with(
      doc, [](Scenario&) {}, seed);
}

const SitePowerSwings& site0(const Swings& o) {
  REQUIRE(o.summary.power_swings.has_value());
  return o.summary.power_swings->sites.at(0);
}

}  // namespace

TEST_CASE("power swings: a 72,000-GPU GB200 run steps its site by 132 MW", "[jobs][power_swings]") {
  const Swings o = run_swings(gb200(1000, 100, json::array({plain("T", 72'000, 10)})));
  REQUIRE(o.jobs.at(0).completed);
  const SitePowerSwings& s = site0(o);
  CHECK(s.steps == 2);  // its start and its end
  CHECK(s.raw.largest_step_mw == 132.0);
  CHECK(s.raw.steepest_ramp_mw_per_min == 132.0);  // both steps are hours apart: one in each 1-minute window
  CHECK(s.raw.steps_above_threshold == 2);
  CHECK(s.raw.ramp_limit_exceeded_windows == 0);  // no limit
  CHECK(s.smoothed.largest_step_mw == 132.0);     // no rack storage, no battery
  CHECK(o.summary.power_swings->fleet.raw.largest_step_mw == 132.0);
  CHECK(o.summary.power_swings->fleet.steps == 2);
}

TEST_CASE("power swings: a run's end and the next run's start at one instant are one step of their sum",
          "[jobs][power_swings]") {
  // A (36,000 GPUs: 66 MW) holds every GPU; B (18,000: 33 MW) starts when A ends: -66 + 33 = one step of -33 MW
  const Swings o = run_swings(gb200(500, 40, json::array({plain("A", 36'000, 10), plain("B", 18'000, 5)})));
  REQUIRE(o.jobs.at(1).first_start == o.jobs.at(0).end);
  const SitePowerSwings& s = site0(o);
  CHECK(s.steps == 3);  // +66, -33, -33
  CHECK(s.raw.largest_step_mw == 66.0);
  CHECK(s.raw.steps_above_threshold == 1);  // only A's start is >= 40 MW
  CHECK(s.raw.steepest_ramp_mw_per_min == 66.0);
}

TEST_CASE("power swings: a checkpoint write drops the run to its idle share and back", "[jobs][power_swings]") {
  // 3 h of work, a checkpoint every hour costing 0.25 h: ceil(3 / 1) - 1 = 2 writes, each a step down of
  // (1 - 0.3) x 132 = 92.4 MW and back up; the run ends at 3.5 h
  json t = plain("T", 72'000, 3);
  t["checkpoint_hours"] = 1;
  t["checkpoint_cost_hours"] = 0.25;
  json d = gb200(1000, 90, json::array({t}));
  const Swings o = run_swings(d);
  REQUIRE(o.jobs.at(0).completed);
  CHECK(to_hours(o.jobs[0].end - o.jobs[0].first_start) == Approx(3.5));
  const SitePowerSwings& s = site0(o);
  CHECK(s.steps == 6);                      // start, 2 x (down, up), end
  CHECK(s.raw.steps_above_threshold == 6);  // 92.4 >= 90
  CHECK(s.raw.largest_step_mw == 132.0);
  d["power_swings"]["threshold_mw"] = 92.5;  // just above a checkpoint step
  CHECK(site0(run_swings(d)).raw.steps_above_threshold == 2);
  d["power_swings"]["threshold_mw"] = 92.4;  // exactly one: counted (>=)
  CHECK(site0(run_swings(d)).raw.steps_above_threshold == 6);
  // a window of 20 minutes holds a write's down and up steps (15 minutes apart): the steepest net change
  // within it is still one step (132 MW at the start), over 20 minutes
  d["power_swings"]["ramp_window_minutes"] = 20;
  CHECK(site0(run_swings(d)).raw.steepest_ramp_mw_per_min == Approx(132.0 / 20));
  // a run smaller than min_run_gpus is not tracked
  d["power_swings"]["min_run_gpus"] = 72'001;
  CHECK(site0(run_swings(d)).steps == 0);
}

TEST_CASE("power swings: a run preempted and resumed steps down and up by its power", "[jobs][power_swings]") {
  // 2 racks (144 GPUs); the run holds all of them (144 x 132 / 72 kW = 0.264 MW) from Jan 2; inference
  // (not tracked) preempts it on Jan 10 and gives its GPUs back on Jan 20, when it resumes; it ends in February
  json d = gb200(2, 0.264, json::array({plain("T", 144, 24.0 * 30)}));
  d["workloads"]["inference"] = {
      {"name", "chat"},
      {"preempt", true},
      {"demand", {{{"date", "2026-01-10"}, {"gpus", 72}}, {{"date", "2026-01-20"}, {"gpus", 0}}}}};
  const Swings o = run_swings(d);
  REQUIRE(o.jobs.at(0).interruptions == 1);
  REQUIRE(o.jobs.at(0).completed);
  const SitePowerSwings& s = site0(o);
  CHECK(s.steps == 4);  // start, preemption, resumption, end
  CHECK(s.raw.largest_step_mw == Approx(0.264).epsilon(1e-12));
  CHECK(s.raw.steps_above_threshold == 4);
}

TEST_CASE("power swings: a run still running at the horizon counts the steps that happened", "[jobs][power_swings]") {
  // submitted at 00:00 on the last day (the horizon is its end, 24 h later): writes begin at 1 + 1.25 (k - 1) h,
  // the 19th at 23.5 h (back up at 23.75 h), the 20th would at 24.75 h: 1 start + 19 x 2 steps, no end
  json t = plain("T", 72'000, 100);
  t["checkpoint_hours"] = 1;
  t["checkpoint_cost_hours"] = 0.25;
  t["submit"] = "2026-03-31";
  const Swings o = run_swings(gb200(1000, 90, json::array({t})));
  REQUIRE(!o.jobs.at(0).completed);
  CHECK(site0(o).steps == 39);
}

TEST_CASE("power swings: rack storage cuts each step, a battery absorbs up to its MW", "[jobs][power_swings]") {
  json d = gb200(1000, 100, json::array({plain("T", 72'000, 10)}));
  json entry = nvl72_catalog_entry();
  entry["rack_storage_peak_cut"] = 0.3;
  d["catalog"]["GB200_NVL72"] = entry;
  const Swings cut = run_swings(d);
  CHECK(site0(cut).raw.largest_step_mw == 132.0);
  CHECK(site0(cut).smoothed.largest_step_mw == Approx(0.7 * 132.0).margin(1e-6));
  CHECK(site0(cut).smoothed.steps_above_threshold == 0);  // 92.4 < 100
  CHECK(site0(cut).raw.steps_above_threshold == 2);

  const auto battery = [](Scenario& s) { s.sites[0].battery = Battery{50, 100}; };
  const json plain_doc = gb200(1000, 100, json::array({plain("T", 72'000, 10)}));
  const Swings b = run_with(plain_doc, battery);
  CHECK(site0(b).smoothed.largest_step_mw == 82.0);  // 132 - 50
  CHECK(site0(b).smoothed.steepest_ramp_mw_per_min == 82.0);
  CHECK(site0(b).raw.largest_step_mw == 132.0);
  const Swings both = run_with(d, battery);
  CHECK(site0(both).smoothed.largest_step_mw == Approx(92.4 - 50).margin(1e-6));
}

TEST_CASE("power swings: same scenario and seed, the same figures; the jobs are the same with or without",
          "[jobs][power_swings]") {
  // failures interrupt runs with checkpoint writes: the recorder hears starts, writes and interruptions
  json d = fleet(4, true);
  json a = training("A", "2026-01-02", 16, 200);
  a["checkpoint_cost_hours"] = 0.05;
  json b = training("B", "2026-01-03", 8, 100);
  b["checkpoint_cost_hours"] = 0.1;
  d["workloads"] = {{"policy", "fifo"}, {"training", {a, b}}};
  const Out without = run(d, 3);
  d["power_swings"] = {{"threshold_mw", 0.05}, {"ramp_limit_mw_per_min", 0.015}};
  const Swings one = run_swings(d, 3), two = run_swings(d, 3);
  REQUIRE(without.jobs.size() == one.jobs.size());
  for (std::size_t i = 0; i < one.jobs.size(); ++i) {
    CHECK(one.jobs[i].end == without.jobs[i].end);
    CHECK(one.jobs[i].interruptions == without.jobs[i].interruptions);
    CHECK(one.jobs[i].useful_gpu_hours == without.jobs[i].useful_gpu_hours);
  }
  CHECK(!without.summary.power_swings.has_value());
  CHECK(one.jobs[0].interruptions > 0);  // the case is exercised
  const SitePowerSwings& x = site0(one);
  const SitePowerSwings& y = site0(two);
  CHECK(x.steps > 10);
  CHECK(x.steps == y.steps);
  CHECK(x.raw.largest_step_mw == y.raw.largest_step_mw);
  CHECK(x.raw.steepest_ramp_mw_per_min == y.raw.steepest_ramp_mw_per_min);
  CHECK(x.raw.ramp_limit_exceeded_windows == y.raw.ramp_limit_exceeded_windows);
  CHECK(x.raw.ramp_limit_exceeded_windows > 0);
  // the largest step is at most both runs' power together (16 + 8 GPUs of 10 kW / 8): 0.03 MW
  CHECK(x.raw.largest_step_mw <= 0.03 + 1e-9);
}

// SwingTracker on its own: the steepest ramp is the largest absolute net change within a window.
TEST_CASE("power swings: ramps within a window", "[jobs][power_swings]") {
  const auto mw = [](double x) { return static_cast<std::int64_t>(x * 1e12); };
  SECTION("two steps 30 s apart fall in one 1-minute window, 90 s apart they do not") {
    detail::SwingTracker near(minutes(1), 1.0, mw(100), 100.0);
    near.step(0, mw(66));
    near.step(seconds(30), mw(66));
    CHECK(near.figures().steepest_ramp_mw_per_min == 132.0);
    CHECK(near.figures().largest_step_mw == 66.0);
    CHECK(near.figures().steps_above_threshold == 0);
    CHECK(near.figures().ramp_limit_exceeded_windows == 1);  // the window ending at the second step: 132 > 100
    detail::SwingTracker far(minutes(1), 1.0, mw(100), 100.0);
    far.step(0, mw(66));
    far.step(seconds(90), mw(66));
    CHECK(far.figures().steepest_ramp_mw_per_min == 66.0);
    CHECK(far.figures().ramp_limit_exceeded_windows == 0);
    detail::SwingTracker edge(minutes(1), 1.0, mw(100), 0.0);  // exactly one window apart: not in one window
    edge.step(0, mw(66));
    edge.step(seconds(60), mw(66));
    CHECK(edge.figures().steepest_ramp_mw_per_min == 66.0);
  }
  SECTION("a window of 2 minutes: the net change over 2 minutes") {
    detail::SwingTracker t(minutes(2), 2.0, 0, 0.0);
    t.step(0, mw(66));
    t.step(seconds(90), mw(66));
    CHECK(t.figures().steepest_ramp_mw_per_min == 66.0);  // 132 MW in 2 minutes
  }
  SECTION("up then down within a window: the largest absolute net change, not the net") {
    detail::SwingTracker t(minutes(1), 1.0, 0, 0.0);
    t.step(0, mw(50));
    t.step(seconds(10), mw(-120));
    t.step(seconds(20), mw(30));
    CHECK(t.figures().steepest_ramp_mw_per_min == 120.0);  // the down step alone; 50 - 120 + 30 = -40 net
    CHECK(t.figures().largest_step_mw == 120.0);
    t.step(seconds(25), mw(-70));  // -120 + 30 - 70 = -160 from 10 s to 25 s
    CHECK(t.figures().steepest_ramp_mw_per_min == 160.0);
  }
}

// The sliding window against the definition, by brute force over every window ending at each step.
TEST_CASE("power swings: the steepest ramp and the windows over the limit match a brute force",
          "[jobs][power_swings]") {
  std::mt19937_64 rng(16);
  for (int round = 0; round < 50; ++round) {
    const Tick window = seconds(std::uniform_int_distribution<int>(1, 600)(rng));
    const double window_min = static_cast<double>(window) / static_cast<double>(minutes(1));
    const double limit_mw_per_min = std::uniform_real_distribution<double>(0.0, 50.0)(rng);
    detail::SwingTracker tracker(window, window_min, 0, limit_mw_per_min);
    std::vector<Tick> times;
    std::vector<std::int64_t> steps;
    Tick t = 0;
    std::int64_t steepest = 0;
    std::uint64_t exceeded = 0;
    for (int i = 0; i < 200; ++i) {
      t += seconds(std::uniform_int_distribution<int>(1, 300)(rng));
      const std::int64_t s = std::uniform_int_distribution<std::int64_t>(-30'000'000, 30'000'000)(rng) * 1'000'000;
      times.push_back(t);
      steps.push_back(s);
      tracker.step(t, s);
      std::int64_t net = 0, best = 0;  // windows ending at step i: steps k..i with t_i - t_k < window
      for (std::size_t k = times.size(); k-- > 0 && t - times[k] < window;) {
        net += steps[k];
        best = std::max(best, std::abs(net));
      }
      steepest = std::max(steepest, best);
      if (static_cast<double>(best) / 1e12 / window_min > limit_mw_per_min) ++exceeded;
    }
    CHECK(tracker.figures().steepest_ramp_mw_per_min == static_cast<double>(steepest) / 1e12 / window_min);
    CHECK(tracker.figures().ramp_limit_exceeded_windows == exceeded);
    CHECK(tracker.steps() == 200);
  }
}

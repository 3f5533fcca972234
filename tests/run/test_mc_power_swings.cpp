// Power swings under Monte Carlo (docs/power.md, "Power swings of training
// runs"; run/job_outcome_stats.hpp): each replication keeps the fleet's raw
// largest step, steepest ramp and steps above the threshold; their quantiles
// go to summary.json's monte_carlo.power_swings, replications.csv and checkpoints.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/checkpoint.hpp"
#include "io/output.hpp"
#include "jobs/jobs_fixtures.hpp"
#include "run/job_outcome_stats.hpp"

using nlohmann::json;
using namespace gwsim::test;

namespace {

// Ten GB200 NVL72 racks in service at the start (132 kW each, no failures) and
// one run of all their 720 GPUs for 10 h: it steps the site up by 1.32 MW at
// its start and down at its end in every replication (threshold 1 MW).
json ten_racks() {
  json d = fleet(10, false);
  d["catalog"] = json::object();
  d["orders"][0]["sku"] = "GB200_NVL72";
  d["sites"][0]["max_rack_power_kw"] = 200;
  d["workloads"] = {{"policy", "fifo"}, {"training", {training("T", "2026-01-02", 720, 10.0)}}};
  d["power_swings"] = {{"threshold_mw", 1.0}};
  return d;
}

}  // namespace

TEST_CASE("each replication keeps its swings; their quantiles are the closed form", "[mc_power_swings]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(ten_racks(), "t.json");
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 3, 4, 2);
  REQUIRE(gwsim::has_swings(mc));
  for (const gwsim::Replication& r : mc.runs) {
    REQUIRE(r.jobs->swings.has_value());
    CHECK(r.jobs->swings->largest_step_mw == Approx(1.32).epsilon(1e-6));
    CHECK(r.jobs->swings->steps_above_threshold == 2);
  }
  const auto st = gwsim::swing_figure_stats(mc);
  REQUIRE(st.size() == 3);
  CHECK(st[0].name == "largest_step_mw");
  for (double q : st[0].quantiles) CHECK(q == Approx(1.32).epsilon(1e-6));
  for (double q : st[2].quantiles) CHECK(q == 2);
  const gwsim::Calendar cal(s.start_iso);
  const json j = gwsim::monte_carlo_jobs_json(mc, cal);
  REQUIRE(j.contains("power_swings"));
  CHECK(j["power_swings"]["steps_above_threshold"]["p50"] == 2.0);
  const std::string csv = gwsim::replications_csv(mc, cal);
  CHECK(csv.find(",power_swings_largest_step_mw,power_swings_steepest_ramp_mw_per_min,"
                 "power_swings_steps_above_threshold\n") != std::string::npos);
  // a checkpoint keeps them
  const auto back = gwsim::decode_replication(gwsim::encode_replication(mc.runs[0], mc.times, "fp"), "fp");
  REQUIRE(back.has_value());
  REQUIRE(back->run.jobs->swings.has_value());
  CHECK(back->run.jobs->swings->largest_step_mw == mc.runs[0].jobs->swings->largest_step_mw);
  CHECK(back->run.jobs->swings->steps_above_threshold == 2);
}

TEST_CASE("without power_swings, Monte Carlo outputs have no swing figures", "[mc_power_swings]") {
  json d = ten_racks();
  d.erase("power_swings");
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 3, 2, 1);
  CHECK_FALSE(gwsim::has_swings(mc));
  CHECK(gwsim::swing_figure_stats(mc).empty());
  const gwsim::Calendar cal(s.start_iso);
  CHECK_FALSE(gwsim::monte_carlo_jobs_json(mc, cal).contains("power_swings"));
  CHECK(gwsim::replications_csv(mc, cal).find("power_swings") == std::string::npos);
}

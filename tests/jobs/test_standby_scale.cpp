// The 300k-GPU run of issue 15 at a smaller scale with the same ratio: a
// failure on the run about every 10 minutes against a 15-minute restart.
// Without standbys the run's expected wall time is the renewal formula of
// docs/validation.md (case e): e^(lambda R) / lambda (e^(lambda tau) - 1) W / tau
// = e^1.5 / 6 (e^0.5 - 1) x 12 x 48 h ~ 279 h, beyond the 192 h horizon (the
// wall time sums ~600 segments: its spread is a few percent). With one
// standby node and 2-minute swaps, R becomes the swap: ~77 h.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;

namespace {

json narrative(bool standby) {
  json d = fleet(6, true);  // 48 GPUs: the run (16), its standby node (8) and room for repairs
  d["end"] = "2026-01-08";
  d["catalog"]["EIGHT"]["failure_classes"] = json::array({{{"name", "gpu"},
                                                           {"mtbf_gpu_hours", 16.0 / 6.0},  // 6 per hour on 16 GPUs
                                                           {"blast", "gpu"},
                                                           {"repair_hours", {{"dist", "fixed"}, {"value", 0.05}}}}});
  json run = {{"name", "big"},    {"submit", "2026-01-01"},       {"gpus", 16},
              {"wall_hours", 48}, {"checkpoint_hours", 5.0 / 60}, {"restart_hours", 0.25}};
  if (standby) {
    run["standby_nodes"] = 1;
    run["swap_minutes"] = 2;
  }
  d["workloads"] = {{"policy", "fifo"}, {"training", json::array({run})}};
  return d;
}

}  // namespace

TEST_CASE("standby at scale: the narrative's run finishes with a standby node and not without",
          "[jobs][standby][statistical]") {
  for (std::uint64_t seed : {1, 2, 3}) {
    INFO("seed " << seed);
    const Out without = run(narrative(false), seed);
    const Out with = run(narrative(true), seed);
    REQUIRE_FALSE(without.summary.training[0].completed);
    REQUIRE(with.summary.training[0].completed);
    REQUIRE(with.summary.training[0].swaps > 0);
    REQUIRE(without.summary.training[0].swaps == 0);
    // each swap is counted as an interruption too
    REQUIRE(with.summary.training[0].interruptions >= with.summary.training[0].swaps);
    REQUIRE(with.summary.training[0].standby_gpu_hours > 0);
  }
}

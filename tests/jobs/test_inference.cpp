// The inference service (sim/jobs/inference.hpp) through the job system.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;

TEST_CASE("inference is served first and preempts jobs when allowed", "[jobs][inference]") {
  // 80 GPUs. Inference wants 16 from Jan 2, all 80 from Jan 10, none from Jan 20.
  // A 64-GPU run submitted Jan 2 fits beside the first 16, is preempted on Jan 10
  // and resumes on Jan 20 from its last checkpoint.
  json d = fleet(10, false);
  d["workloads"] = {{"policy", "fifo"},
                    {"training", {training("T", "2026-01-02", 64, 24.0 * 30)}},
                    {"inference",
                     {{"name", "chat"},
                      {"preempt", true},
                      {"demand",
                       {{{"date", "2026-01-02"}, {"gpus", 16}},
                        {{"date", "2026-01-10"}, {"gpus", 80}},
                        {{"date", "2026-01-20"}, {"gpus", 0}}}}}}};
  const Out o = run(d);
  REQUIRE(o.summary.preemptions == 1);
  REQUIRE(o.jobs[0].interruptions == 1);
  REQUIRE(o.jobs[0].first_start == gwsim::days(1));
  // demand: 16 GPUs x 8 days + 80 x 10 days, all served
  REQUIRE(o.summary.inference_demand_gpu_hours == Approx(24.0 * (16 * 8 + 80 * 10)));
  REQUIRE(o.summary.inference_served_gpu_hours == Approx(o.summary.inference_demand_gpu_hours));
  // the run lost at most a checkpoint interval and paid one restart
  REQUIRE(o.jobs[0].lost_gpu_hours <= 64 * (0.5 + 0.1) + 1e-9);
  REQUIRE(o.jobs[0].completed);
  const auto& inf = o.ts.column("inference_gpus");
  const auto& busy = o.ts.column("gpus_busy");
  for (std::size_t r = 0; r < o.ts.rows(); ++r) REQUIRE(inf[r] <= busy[r]);

  // without preemption the run keeps its GPUs and inference gets what is left
  d["workloads"]["inference"]["preempt"] = false;
  const Out np = run(d);
  REQUIRE(np.summary.preemptions == 0);
  REQUIRE(np.jobs[0].interruptions == 0);
  REQUIRE(np.summary.inference_served_gpu_hours == Approx(24.0 * (16 * 8 + 16 * 10)));
}

// The inference service (sim/jobs/inference.hpp), through the job system and on its own.

#include <cstdint>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/inference.hpp"
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

// --- the documented rules, on the service itself (docs/jobs.md, "Inference") -----------------

namespace {

struct NoJobs final : gwsim::detail::JobControl {
  void start(std::uint64_t) override { FAIL("inference starts no job"); }
  void interrupt(std::uint64_t) override { FAIL("no job runs: none can be interrupted"); }
};

// Two sites of 8 GPUs each (rack 0 at site 0, rack 1 at site 1), no job running.
struct TwoSites {
  TwoSites() {
    sites.bring_up(0, 0, 0, 8);
    sites.bring_up(1, 0, 1, 8);
  }
  gwsim::detail::GpuSites sites{2, {2.0}};
  gwsim::RandomEngine rng = gwsim::RandomStreams(1).stream("test");
  NoJobs control;
};

}  // namespace

TEST_CASE("rule: when the demand falls, inference gives its GPUs back, from every site (docs/jobs.md)",
          "[jobs][inference][rule]") {
  TwoSites f;
  gwsim::Inference spec{"chat", {0, gwsim::days(1)}, {12, 2}, false};
  gwsim::detail::InferenceService inf(&spec);
  // 12 GPUs: both sites have 8 free, so site 0 (first on a tie) gives its 8, site 1 the other 4.
  inf.set_demand(0);
  inf.serve(f.sites, f.rng, f.control);
  REQUIRE(inf.serving_gpus() == 12);
  REQUIRE(f.sites[0].inference == 8);
  REQUIRE(f.sites[1].inference == 4);
  // Down to 2: 10 go back, the lowest-numbered site first: site 0 all 8, site 1 2 of its 4.
  inf.set_demand(1);
  inf.serve(f.sites, f.rng, f.control);
  REQUIRE(inf.serving_gpus() == 2);
  REQUIRE(f.sites[0].inference == 0);
  REQUIRE(f.sites[1].inference == 2);
  REQUIRE(f.sites.busy_gpus() == 2);  // 14 of 16 GPUs free for the queue
}

TEST_CASE("rule: inference preempts only running jobs; with none it serves what is up (docs/jobs.md)",
          "[jobs][inference][rule]") {
  TwoSites f;
  // 20 GPUs wanted, 16 up, preemption allowed, but no job to interrupt.
  gwsim::Inference spec{"chat", {0}, {20}, true};
  gwsim::detail::InferenceService inf(&spec);
  inf.set_demand(0);
  inf.serve(f.sites, f.rng, f.control);
  REQUIRE(inf.serving_gpus() == 16);
  REQUIRE(inf.preemptions() == 0);
  REQUIRE(f.sites.busy_gpus() == 16);
}

// The job system end to end (sim/jobs/jobs.hpp): a job's life and its accounting, failures.
#include <cmath>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;

TEST_CASE("FIFO: a job waits for the one ahead of it", "[jobs]") {
  json d = fleet(1, false);
  d["workloads"] = {{"policy", "fifo"},
                    {"training", {training("A", "2026-01-02", 8, 2.0), training("B", "2026-01-02", 8, 1.0)}}};
  const Out o = run(d);
  REQUIRE(o.jobs.size() == 2);
  REQUIRE(wait_hours(o.jobs[0]) == 0.0);
  REQUIRE(wait_hours(o.jobs[1]) == Approx(2.0));
  REQUIRE(o.jobs[1].completed);
  REQUIRE(o.jobs[1].end - o.jobs[1].submit == gwsim::hours(3));
  REQUIRE(o.summary.completed == 2);
  REQUIRE(o.summary.useful_gpu_hours == Approx(8 * 3.0));
  REQUIRE(o.summary.goodput == Approx(1.0));
  // useful FLOP: 24 GPU-hours at 2 PF
  REQUIRE(o.summary.useful_fp8_flop == Approx(24 * 2e15 * 3600));
}

TEST_CASE("rule: with no GPU busy, utilization and goodput are 0, not undefined (docs/jobs.md)", "[jobs][rule]") {
  json d = fleet(1, false);  // one 8-GPU rack: a 16-GPU run never starts
  d["workloads"] = {{"policy", "fifo"}, {"training", {training("A", "2026-01-02", 16, 2.0)}}};
  const Out o = run(d);
  REQUIRE(o.summary.started == 0);
  CHECK(o.summary.utilization == 0.0);
  CHECK(o.summary.goodput == 0.0);
  CHECK(o.summary.cpu_utilization == 0.0);  // no CPU pool at all
}

TEST_CASE("rule: goodput of a single small job is useful over busy GPU-hours, below one GPU-hour too (docs/jobs.md)",
          "[jobs][rule]") {
  json d = fleet(1, false);
  d["workloads"] = {{"policy", "fifo"}, {"training", {training("A", "2026-01-01", 1, 0.5)}}};
  const Out o = run(d);
  REQUIRE(o.summary.completed == 1);
  CHECK(o.summary.useful_gpu_hours == Approx(0.5));
  CHECK(o.summary.goodput == Approx(1.0));  // 0.5 useful of 0.5 busy GPU-hours
  // the one job's wait is every wait statistic (docs/jobs.md: over the jobs that started)
  const double w = wait_hours(o.jobs[0]);  // submitted at the start, before the rack is up: waits seconds
  REQUIRE(w > 0);
  CHECK(o.summary.wait_mean_hours == w);
  CHECK(o.summary.wait_p50_hours == w);
  CHECK(o.summary.wait_max_hours == w);
}

TEST_CASE("failures interrupt jobs, which keep their checkpointed work", "[jobs]") {
  // 20 racks of 8 GPUs, node failures every 100 rack-hours on average; a 128-GPU
  // run of 200 h with 0.5 h checkpoints and 0.1 h restarts, and 32 spare GPUs
  json d = fleet(20, true);
  d["workloads"] = {{"policy", "fifo"}, {"training", {training("T", "2026-01-02", 128, 200.0)}}};
  const Out o = run(d, 7);
  const gwsim::JobRow& t = o.jobs[0];
  REQUIRE(t.interruptions > 10);
  REQUIRE(t.completed);
  // every GPU-hour the job held is either useful or lost
  REQUIRE(t.useful_gpu_hours + t.lost_gpu_hours == Approx(t.run_hours * 128).epsilon(1e-9));
  REQUIRE(t.useful_gpu_hours == Approx(200.0 * 128).epsilon(1e-9));
  // each interruption loses under a checkpoint interval plus a restart
  REQUIRE(t.lost_gpu_hours <= t.interruptions * (0.5 + 0.1) * 128 + 1e-6);
  REQUIRE(o.summary.training.size() == 1);
  REQUIRE(o.summary.training[0].effective_training_time < 1.0);
  REQUIRE(o.summary.training[0].effective_training_time > 0.8);
  // busy GPUs never exceed those in service
  const auto& busy = o.ts.column("gpus_busy");
  const auto& up = o.ts.column("gpus_in_service");
  for (std::size_t r = 0; r < o.ts.rows(); ++r) REQUIRE(busy[r] <= up[r]);
}

TEST_CASE("summary: wait quantiles are exact (type 7) over the jobs that started", "[jobs][quantiles]") {
  // one rack of 8 GPUs, FIFO; five 8-GPU runs submitted together wait for those ahead:
  // waits 0, 1, 3, 6, 10 h. A 16-GPU run never fits: it never starts and has no wait.
  json d = fleet(1, false);
  d["workloads"] = {{"policy", "fifo"},
                    {"training",
                     {training("A", "2026-01-02", 8, 1.0), training("B", "2026-01-02", 8, 2.0),
                      training("C", "2026-01-02", 8, 3.0), training("D", "2026-01-02", 8, 4.0),
                      training("E", "2026-01-02", 8, 8.0), training("F", "2026-01-02", 16, 1.0)}}};
  const Out o = run(d);
  REQUIRE(o.jobs.size() == 6);
  REQUIRE(o.jobs[5].first_start < 0);
  REQUIRE(o.summary.started == 5);
  const gwsim::JobsSummary& s = o.summary;
  REQUIRE(s.wait_mean_hours == Approx(4.0).epsilon(1e-12));  // (0 + 1 + 3 + 6 + 10) / 5
  REQUIRE(s.wait_p50_hours == Approx(3.0).epsilon(1e-12));   // position 0.5 x 4 = 2: the third
  REQUIRE(s.wait_p90_hours == Approx(8.4).epsilon(1e-12));   // position 3.6: 6 + 0.6 x (10 - 6)
  REQUIRE(s.wait_p99_hours == Approx(9.84).epsilon(1e-12));  // position 3.96: 6 + 0.96 x 4
  REQUIRE(s.wait_max_hours == Approx(10.0).epsilon(1e-12));
}

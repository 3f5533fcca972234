// The CPU pool (sim/jobs/cpu_pool.hpp): the class, and CPU jobs through the job system.

#include <algorithm>
#include <cstdint>
#include <vector>

#include <boost/random/uniform_real_distribution.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/cpu_pool.hpp"
#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;
using gwsim::detail::VcpuPool;

namespace {

// Holds vCPUs of the pool for jobs, and releases a job's when the pool
// interrupts it (as the job system does).
struct PoolJobs final : gwsim::detail::JobControl {
  struct Held {
    std::uint64_t job;
    std::int64_t vcpus;
    gwsim::WeightedSampler::Slot slot;
  };
  explicit PoolJobs(VcpuPool& p) : pool(p) {}
  void hold(std::uint64_t job, std::int64_t vcpus) {
    held.push_back({job, vcpus, pool.hold(job, vcpus, gwsim::hours(job))});
  }
  void start(std::uint64_t) override { FAIL("the pool starts no job"); }
  void interrupt(std::uint64_t job) override {
    interrupted.push_back(job);
    const auto it = std::find_if(held.begin(), held.end(), [&](const Held& h) { return h.job == job; });
    REQUIRE(it != held.end());
    pool.release(it->job, it->vcpus, gwsim::hours(it->job), it->slot);
    held.erase(it);
  }
  VcpuPool& pool;
  std::vector<Held> held;
  std::vector<std::uint64_t> interrupted;
};

}  // namespace

TEST_CASE("the CPU pool: vCPUs held by jobs; a shrink below them interrupts jobs", "[jobs][cpu]") {
  VcpuPool pool;
  PoolJobs jobs(pool);
  gwsim::RandomEngine rng(1);
  REQUIRE(pool.vcpus() == 0);  // no pool until the first step
  pool.resize(16, rng, jobs);
  jobs.hold(1, 12);
  REQUIRE(pool.busy_vcpus() == 12);
  REQUIRE(pool.free_vcpus() == 4);
  REQUIRE(pool.capacity().ends.size() == 1);
  pool.resize(20, rng, jobs);  // growing interrupts nothing
  pool.resize(12, rng, jobs);  // nor does shrinking to exactly what is held
  REQUIRE(jobs.interrupted.empty());
  REQUIRE(pool.free_vcpus() == 0);
  pool.resize(11, rng, jobs);
  REQUIRE(jobs.interrupted == std::vector<std::uint64_t>{1});
  REQUIRE(pool.busy_vcpus() == 0);
  REQUIRE(pool.free_vcpus() == 11);
  REQUIRE(pool.capacity().ends.empty());
}

TEST_CASE("a shrinking CPU pool interrupts the job holding a uniform busy vCPU", "[jobs][cpu]") {
  // job 7 holds vCPUs [0, 4), job 9 holds [4, 16); shrinking to 13 needs one
  // job gone: the draw u in [0, 16) picks job 7 if u < 4 (then 12 <= 13 fit),
  // else job 9 (then 4 fit).
  int sevens = 0;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    VcpuPool pool;
    PoolJobs jobs(pool);
    gwsim::RandomEngine rng(seed), replay(seed);
    pool.resize(16, rng, jobs);
    jobs.hold(7, 4);
    jobs.hold(9, 12);
    pool.resize(13, rng, jobs);
    const double u = boost::random::uniform_real_distribution<double>(0.0, 16.0)(replay);
    REQUIRE(jobs.interrupted == std::vector<std::uint64_t>{u < 4.0 ? 7u : 9u});
    sevens += jobs.interrupted[0] == 7;
  }
  REQUIRE(sevens > 25);  // about a quarter of 200
  REQUIRE(sevens < 75);
}

TEST_CASE("CPU jobs run on the CPU pool, apart from the GPUs", "[jobs][cpu]") {
  // a pool of 64 vCPUs from Jan 2, 256 from Jan 5, 16 from Feb 1 (a shrink interrupts jobs)
  json d = fleet(1, false);
  d["workloads"] = json::parse(R"({"policy": "fifo",
      "cpu_pool": {"name": "graviton", "vcpus": [{"date": "2026-01-02", "vcpus": 64}, {"date": "2026-01-05", "vcpus": 256},
                                                 {"date": "2026-02-01", "vcpus": 16}]},
      "streams": [{"name": "agents", "start": "2026-01-02", "end": "2026-02-15", "arrivals_per_hour": 20,
                   "vcpus": {"dist": "fixed", "value": 8}, "duration_hours": {"dist": "exponential", "mean": 0.5},
                   "max_vcpus": 64, "checkpoint_hours": 0.1},
                  {"name": "gpu", "start": "2026-01-02", "end": "2026-01-03", "arrivals_per_hour": 1,
                   "gpus": {"dist": "fixed", "value": 8}, "duration_hours": {"dist": "fixed", "value": 0.5}}]})");
  const Out o = run(d, 2);
  std::size_t cpu_jobs = 0;
  for (const auto& j : o.jobs)
    if (j.source == 0) {
      ++cpu_jobs;
      REQUIRE(j.gpus == 8);  // vCPUs
    }
  REQUIRE(cpu_jobs > 500);
  // offered CPU load 20/h x 0.5 h x 8 = 80 vCPUs: more than 64, less than 256
  REQUIRE(o.summary.cpu_utilization > 0.1);
  REQUIRE(o.summary.cpu_utilization < 1.0);
  // GPU accounting does not see CPU work
  REQUIRE(o.summary.useful_gpu_hours == Approx(8 * 0.5 * static_cast<double>(o.jobs.size() - cpu_jobs)));
  const auto& vbusy = o.ts.column("vcpus_busy");
  const auto& vpool = o.ts.column("vcpus_pool");
  const auto& gbusy = o.ts.column("gpus_busy");
  for (std::size_t r = 0; r < o.ts.rows(); ++r) {
    REQUIRE(vbusy[r] <= vpool[r]);
    REQUIRE(gbusy[r] <= 8);
  }
  REQUIRE(o.summary.interruptions > 0);  // the shrink to 16 vCPUs
  // a CPU stream without a pool is an error
  d["workloads"].erase("cpu_pool");
  try {
    (void)gwsim::scenario_from_json(d, "t.json");
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(e.code() == "scenario.reference");
    REQUIRE(e.pointer() == "/workloads/streams/0/vcpus");
  }
}

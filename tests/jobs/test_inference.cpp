// The inference service (sim/jobs/inference.hpp), through the job system and on its own.

#include <cstdint>
#include <map>
#include <vector>

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

using gwsim::detail::GpuSites;
using gwsim::detail::InferenceService;

// Sites of the given sizes (site i is rack i), and the jobs running on them;
// interrupt() frees a job's GPUs as the job system does.
struct Fleet final : gwsim::detail::JobControl {
  explicit Fleet(std::vector<std::int64_t> gpus) : sites(gpus.size(), {2.0}) {
    for (std::uint32_t i = 0; i < gpus.size(); ++i) sites.bring_up(i, 0, i, gpus[i]);
  }
  // Job `job` runs on `gpus` GPUs of `site` (until a far-off end).
  void run(std::uint64_t job, std::uint32_t site, std::int64_t gpus) {
    Held& h = running[job];
    h.site = site;
    h.gpus = gpus;
    h.slot = sites.hold(site, job, gpus, kEnd, h.segs);
  }
  void start(std::uint64_t) override { FAIL("inference starts no job"); }
  void interrupt(std::uint64_t job) override {
    interrupted.push_back(job);
    Held& h = running.at(job);
    sites.release(h.site, job, h.gpus, kEnd, h.slot);
    sites.free_held(job, h.segs);
    running.erase(job);
  }

  struct Held {
    std::uint32_t site = 0;
    std::int64_t gpus = 0;
    gwsim::WeightedSampler::Slot slot = 0;
    std::vector<gwsim::detail::GpuSeg> segs;
  };
  static constexpr gwsim::Tick kEnd = gwsim::hours(100);
  GpuSites sites;
  std::map<std::uint64_t, Held> running;
  std::vector<std::uint64_t> interrupted;
  gwsim::RandomEngine rng = gwsim::RandomStreams(1).stream("test");
};

}  // namespace

TEST_CASE("rule: when the demand falls, inference gives its GPUs back, from every site (docs/jobs.md)",
          "[jobs][inference][rule]") {
  Fleet f({8, 8});
  gwsim::Inference spec{"chat", {0, gwsim::days(1), gwsim::days(2)}, {12, 2, 1}, false, {}, {}};
  InferenceService inf(&spec);
  // 12 GPUs: both sites have 8 free, so site 0 (first on a tie) gives its 8, site 1 the other 4.
  inf.set_demand(0);
  inf.serve(f.sites, f.rng, f);
  REQUIRE(inf.serving_gpus() == 12);
  REQUIRE(f.sites[0].inference == 8);
  REQUIRE(f.sites[1].inference == 4);
  // Down to 2: 10 go back, the lowest-numbered site first: site 0 all 8, site 1 2 of its 4.
  inf.set_demand(1);
  inf.serve(f.sites, f.rng, f);
  REQUIRE(inf.serving_gpus() == 2);
  REQUIRE(f.sites[0].inference == 0);
  REQUIRE(f.sites[1].inference == 2);
  REQUIRE(f.sites.busy_gpus() == 2);  // 14 of 16 GPUs free for the queue
  // Down to 1: the last GPU of excess goes back too.
  inf.set_demand(2);
  inf.serve(f.sites, f.rng, f);
  REQUIRE(inf.serving_gpus() == 1);
  REQUIRE(f.sites[1].inference == 1);
  REQUIRE(f.interrupted.empty());
}

TEST_CASE(
    "rule: inference packs into the sites with the fewest free GPUs, and preempts only running jobs (docs/jobs.md)",
    "[jobs][inference][rule]") {
  // Sites of 8 and 1 GPUs, no job. 20 GPUs wanted, 9 up, preemption allowed.
  Fleet f({8, 1});
  gwsim::Inference spec{"chat", {0}, {20}, true, {}, {}};
  InferenceService inf(&spec);
  inf.set_demand(0);
  inf.serve(f.sites, f.rng, f);
  // the 1 free GPU of site 1 first, then site 0's 8; nothing to interrupt for the other 11
  REQUIRE(f.sites[1].inference == 1);
  REQUIRE(f.sites[0].inference == 8);
  REQUIRE(inf.serving_gpus() == 9);
  REQUIRE(inf.preemptions() == 0);
  REQUIRE(f.interrupted.empty());
}

TEST_CASE("rule: preemption interrupts a job at the site where jobs hold the most GPUs (docs/jobs.md)",
          "[jobs][inference][rule]") {
  // Sites of 2, 6 and 1 GPUs, all held: job 10 (2 GPUs at site 0), 11 (6 at site 1), 12 (1 at site 2).
  Fleet f({2, 6, 1});
  f.run(10, 0, 2);
  f.run(11, 1, 6);
  f.run(12, 2, 1);
  gwsim::Inference spec{"chat", {0, gwsim::days(1)}, {1, 9}, true, {}, {}};
  InferenceService inf(&spec);
  // 1 GPU wanted, none free: the most job GPUs are at site 1 (6 > 2 > 1), whose only job is 11.
  inf.set_demand(0);
  inf.serve(f.sites, f.rng, f);
  REQUIRE(f.interrupted == std::vector<std::uint64_t>{11});
  REQUIRE(inf.serving_gpus() == 1);
  REQUIRE(f.sites[1].inference == 1);
  // 9 wanted: site 1's 5 free GPUs, then job 10 (site 0 holds 2 > 1) gives 2, then job 12 its 1.
  inf.set_demand(1);
  inf.serve(f.sites, f.rng, f);
  REQUIRE(f.interrupted == std::vector<std::uint64_t>{11, 10, 12});
  REQUIRE(inf.preemptions() == 3);
  REQUIRE(inf.serving_gpus() == 9);
  REQUIRE(f.sites.busy_gpus() == 9);
}

// The blast radius through the whole job system (sim/jobs/jobs.cpp on the
// buildout model): a rack-level failure interrupts every job on the rack, so
// the mean time to interruption of a 1-GPU job is the rack's mean time
// between failures, however many jobs share the rack.
#include <cmath>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;

namespace {

// `racks` racks of 72 GPUs in nodes of 4, failing as a whole (exponential,
// mean `rack_mtbf_hours` per rack), repaired in 4 h; `jobs` 1-GPU jobs that
// arrive in the first hours and never finish (1e6 h of work, 1 h checkpoints).
json site_of_small_jobs(int racks, double rack_mtbf_hours, int jobs) {
  json d = fleet(racks, true);
  d["catalog"]["EIGHT"]["gpus_per_rack"] = 72;
  d["catalog"]["EIGHT"]["gpus_per_node"] = 4;
  d["catalog"]["EIGHT"]["failure_classes"] = json::array({{{"name", "rack"},
                                                           {"mtbf_gpu_hours", rack_mtbf_hours * 72},
                                                           {"blast", "rack"},
                                                           {"repair_hours", {{"dist", "fixed"}, {"value", 4}}}}});
  d["sites"][0]["max_rack_power_kw"] = 20;
  d["workloads"] = {{"policy", "fifo"},
                    {"streams",
                     {{{"name", "small"},
                       {"start", "2026-01-01"},
                       {"end", "2026-01-02"},
                       {"arrivals_per_hour", 1000},
                       {"max_jobs", jobs},
                       {"gpus", {{"dist", "fixed"}, {"value", 1}}},
                       {"duration_hours", {{"dist", "fixed"}, {"value", 1e6}}},
                       {"checkpoint_hours", 1}}}}};
  return d;
}

}  // namespace

TEST_CASE("blast radius: 1-GPU jobs on failing racks are interrupted at the rack's failure rate",
          "[jobs][racks][statistical]") {
  // 20 racks (1,440 GPUs), a third filled with 1-GPU jobs, a rack failure every
  // 100 h per rack: lambda = 0.01 / h. Every job on a failed rack is interrupted,
  // and a running job sits on a rack that is up, so each job's interruptions are
  // a Poisson process of rate lambda in its running time: the estimate
  // K / T (interruptions over job-hours run) has relative standard error
  // 1 / sqrt(K). The tolerance is 4 standard errors. (Before concrete racks a
  // failure interrupted at most one job, with probability busy / up = 1/3: the
  // site's 20 lambda failures per hour over 480 jobs gave each lambda / 72.)
  const double lambda = 0.01;
  const Out o = run(site_of_small_jobs(20, 1.0 / lambda, 480), 11);
  double hours = 0;
  double k = 0;
  for (const gwsim::JobRow& j : o.jobs) {
    hours += j.run_hours;
    k += j.interruptions;
  }
  REQUIRE(o.jobs.size() == 480);
  REQUIRE(k > 1000);  // the sample the tolerance is computed for
  const double rate = k / hours;
  const double tolerance = 4.0 / std::sqrt(k);
  INFO("interruptions " << k << ", job-hours " << hours << ", rate " << rate << ", tolerance " << tolerance);
  REQUIRE(std::abs(rate / lambda - 1.0) < tolerance);
  // the mean time to interruption, the other way round
  REQUIRE(std::abs((hours / k) * lambda - 1.0) < tolerance / (1.0 - tolerance));
}

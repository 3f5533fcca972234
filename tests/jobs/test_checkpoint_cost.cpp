// Checkpoint writes (docs/jobs.md, "Checkpoint cost"): a training run under
// Poisson GPU failures takes, on average, the wall time of the exact renewal
// formula (docs/validation.md, case e), and less with free checkpoints.
#include <cmath>
#include <cstdint>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/stats.hpp"
#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;

namespace {

constexpr double kWork = 12, kTau = 1, kCost = 0.25, kRestart = 0.1, kMttf = 10;  // hours

// Two racks of 8 GPUs whose only failures take out one GPU (exponential,
// 8 x 10 GPU-hours between failures per GPU: an 8-GPU job is hit every 10 h
// on average), repaired in 3 minutes; one 8-GPU run of 12 h of work.
json scenario(double cost) {
  json d = fleet(2, true);
  d["end"] = "2026-01-10";
  d["catalog"]["EIGHT"]["failure_classes"] = json::array({{{"name", "gpu"},
                                                           {"mtbf_gpu_hours", 8 * kMttf},
                                                           {"blast", "gpu"},
                                                           {"repair_hours", {{"dist", "fixed"}, {"value", 0.05}}}}});
  json t = training("T", "2026-01-01", 8, kWork);
  t["checkpoint_hours"] = kTau;
  t["restart_hours"] = kRestart;
  if (cost > 0) t["checkpoint_cost_hours"] = cost;
  d["workloads"] = {{"policy", "fifo"}, {"training", {t}}};
  return d;
}

// E[T] = e^{lR} / l [(n - 1)(e^{l (tau + C)} - 1) + (e^{l w_n} - 1)], n = ceil(W / tau).
double renewal_wall_hours(double cost) {
  const double l = 1 / kMttf;
  const double n = std::ceil(kWork / kTau);
  const double last = kWork - (n - 1) * kTau;
  return std::exp(l * kRestart) / l * ((n - 1) * std::expm1(l * (kTau + cost)) + std::expm1(l * last));
}

// Wall hours from first start to the end, over `reps` seeds.
gwsim::Tally walls(double cost, int reps) {
  gwsim::Tally t;
  const json d = scenario(cost);
  for (int seed = 1; seed <= reps; ++seed) {
    const Out o = run(d, static_cast<std::uint64_t>(seed));
    REQUIRE(o.jobs[0].completed);
    t.add(gwsim::to_hours(o.jobs[0].end - o.jobs[0].first_start));
  }
  return t;
}

}  // namespace

TEST_CASE("checkpoint cost: mean wall time matches the renewal formula", "[jobs][checkpoint_cost]") {
  // by hand: l = 0.1, n = 12: e^0.01 x 10 x (11 (e^0.125 - 1) + (e^0.1 - 1)) = 15.856 h
  REQUIRE(renewal_wall_hours(kCost) == Approx(15.856).epsilon(1e-4));
  const gwsim::Tally with_cost = walls(kCost, 200);
  const gwsim::Tally no_cost = walls(0.0, 200);
  INFO("simulated " << with_cost.mean() << " +- " << with_cost.ci95_half_width() << " h, formula "
                    << renewal_wall_hours(kCost));
  // within 2 of the 95% half widths (deterministic seeds: about 4 standard errors)
  REQUIRE(std::abs(with_cost.mean() - renewal_wall_hours(kCost)) < 2 * with_cost.ci95_half_width());
  REQUIRE(std::abs(no_cost.mean() - renewal_wall_hours(0.0)) < 2 * no_cost.ci95_half_width());
  // free checkpoints: a higher effective training time (work / wall), by more than the noise
  REQUIRE(kWork / no_cost.mean() > kWork / (with_cost.mean() - with_cost.ci95_half_width()));
}

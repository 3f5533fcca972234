// Queue policies (sim/jobs/policy.hpp) through the job system.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;

TEST_CASE("priority: a later, higher-priority job goes first", "[jobs]") {
  json d = fleet(1, false);
  d["workloads"] = {{"policy", "priority"},
                    {"training",
                     {training("A", "2026-01-02", 8, 2.0), training("low", "2026-01-02", 8, 1.0, 0),
                      training("high", "2026-01-02", 8, 1.0, 5)}}};
  const Out o = run(d);
  REQUIRE(wait_hours(o.jobs[2]) == Approx(2.0));  // high runs right after A
  REQUIRE(wait_hours(o.jobs[1]) == Approx(3.0));
}

TEST_CASE("fair share puts a light tenant ahead of a heavy one", "[jobs][fair_share]") {
  // 8 GPUs, overloaded by a heavy tenant (1.2 jobs/h of 8 GPUs x 1 h); a light
  // tenant submits now and then. Under FIFO both wait behind the backlog; under
  // fair share the light tenant's jobs go ahead of the heavy tenant's newer ones.
  json d = fleet(1, false);
  d["workloads"] = json::parse(R"({"policy": "fifo", "streams": [
      {"name": "heavy", "start": "2026-01-02", "end": "2026-01-20", "arrivals_per_hour": 1.2,
       "gpus": {"dist": "fixed", "value": 8}, "duration_hours": {"dist": "fixed", "value": 1}},
      {"name": "light", "start": "2026-01-02", "end": "2026-01-20", "arrivals_per_hour": 0.1,
       "gpus": {"dist": "fixed", "value": 8}, "duration_hours": {"dist": "fixed", "value": 1}}]})");
  auto mean_wait = [](const Out& o, std::uint32_t source) {
    double sum = 0;
    int n = 0;
    for (const auto& j : o.jobs)
      if (j.source == source && j.first_start >= 0) {
        sum += wait_hours(j);
        ++n;
      }
    return sum / n;
  };
  const Out fifo = run(d, 9);
  d["workloads"]["policy"] = "fair_share";
  const Out fair = run(d, 9);
  REQUIRE(mean_wait(fifo, 1) > 20.0);                       // the backlog grows for everyone
  REQUIRE(mean_wait(fair, 1) < 0.2 * mean_wait(fifo, 1));   // the light tenant skips it
  REQUIRE(mean_wait(fair, 0) >= mean_wait(fifo, 0) * 0.9);  // the heavy tenant pays for it
  // usage forgotten within seconds: fair share degenerates to FIFO
  d["workloads"]["fair_share_half_life_days"] = 1e-6;
  const Out forgetful = run(d, 9);
  REQUIRE(mean_wait(forgetful, 1) > 0.5 * mean_wait(fifo, 1));
}

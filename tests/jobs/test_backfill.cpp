// EASY backfilling (sim/jobs/backfill.hpp).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;

TEST_CASE("EASY backfilling starts short jobs that do not delay the head", "[jobs]") {
  // 8 GPUs. A (4 GPUs, 2 h) runs; head H (8 GPUs) must wait for it: reservation at +2 h.
  // S (4 GPUs, 1 h) fits before the reservation and backfills; L (4 GPUs, 3 h) would
  // delay H and does not.
  json d = fleet(1, false);
  auto jobs = json::array({training("A", "2026-01-02", 4, 2.0), training("H", "2026-01-02", 8, 1.0),
                           training("L", "2026-01-02", 4, 3.0), training("S", "2026-01-02", 4, 1.0)});
  d["workloads"] = {{"policy", "easy_backfill"}, {"training", jobs}};
  const Out easy = run(d);
  REQUIRE(wait_hours(easy.jobs[1]) == Approx(2.0));  // H keeps its reservation
  REQUIRE(wait_hours(easy.jobs[3]) == 0.0);          // S backfilled
  REQUIRE(wait_hours(easy.jobs[2]) == Approx(3.0));  // L after H
  d["workloads"]["policy"] = "fifo";
  const Out fifo = run(d);
  REQUIRE(wait_hours(fifo.jobs[3]) == Approx(3.0));  // S waits behind H and L (which start together at +3 h)
  REQUIRE(easy.summary.wait_mean_hours < fifo.summary.wait_mean_hours);
}

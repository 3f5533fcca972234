// The job queue (sim/jobs/job_queue.hpp): policy order, entry order on ties,
// queued GPUs.
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "jobs/job_queue.hpp"

using gwsim::detail::JobQueue;

namespace {

std::vector<std::uint64_t> order(const JobQueue& q) {
  std::vector<std::uint64_t> out;
  for (const auto& k : q.entries()) out.push_back(std::get<2>(k));
  return out;
}

JobQueue queue(gwsim::Policy policy) {
  gwsim::Workloads w;
  w.policy = policy;
  return JobQueue(gwsim::make_policy(w));
}

}  // namespace

TEST_CASE("job queue: FIFO with interrupted jobs in front; queued GPUs", "[jobs][queue]") {
  JobQueue q = queue(gwsim::Policy::fifo);
  q.push(0, 0, 0, false, 0, 8);
  q.push(1, 5, 0, false, 0, 0);  // a CPU job: no GPUs queued; priority ignored
  const auto p2 = q.push(2, 0, 0, true, 0, 4);
  q.push(3, 0, 0, true, 0, 2);
  REQUIRE(order(q) == std::vector<std::uint64_t>{2, 3, 0, 1});
  REQUIRE(q.head() == 2);
  REQUIRE(q.queued_gpus() == 14);
  REQUIRE_FALSE(q.backfills());
  q.erase(p2, 4);
  REQUIRE(q.head() == 3);
  REQUIRE(q.size() == 3);
  REQUIRE(q.queued_gpus() == 10);
}

TEST_CASE("job queue: priority order, and EASY backfills", "[jobs][queue]") {
  JobQueue q = queue(gwsim::Policy::easy_backfill);
  q.push(0, 1, 0, false, 0, 1);
  q.push(1, 3, 0, false, 0, 1);
  q.push(2, 1, 0, true, 0, 1);  // interrupted: first within its priority
  q.push(3, 3, 0, false, 0, 1);
  REQUIRE(order(q) == std::vector<std::uint64_t>{1, 3, 2, 0});
  REQUIRE(q.backfills());
}

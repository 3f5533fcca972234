// Tests of sim/run/distributed: replications run one by one (as on Dask
// workers) and assembled give the Monte Carlo run on threads.
#include <algorithm>

#include <catch2/catch.hpp>

#include "run/distributed.hpp"
#include "support/scenarios.hpp"

namespace {
gwsim::Scenario small() { return gwsim::test::small_monte_carlo_scenario(); }

void require_same(const gwsim::Replication& a, const gwsim::Replication& b) {
  REQUIRE(a.seed == b.seed);
  REQUIRE(a.columns == b.columns);  // bit-exact doubles
  REQUIRE(a.summary.in_service_100pct == b.summary.in_service_100pct);
  REQUIRE(a.summary.failures == b.summary.failures);
  REQUIRE(a.summary.events == b.summary.events);
}
}  // namespace

TEST_CASE("replication r alone is the Monte Carlo's replication r", "[replications]") {
  const gwsim::Scenario s = small();
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 7, 4, 2);
  for (int r : {3, 0}) {
    const gwsim::ReplicationStore::Saved one = gwsim::run_replication(s, 7, r);
    require_same(one.run, mc.runs[static_cast<std::size_t>(r)]);
    REQUIRE(one.times == mc.times);
    REQUIRE(one.run.seed == gwsim::replication_seed(7, r));
  }
  REQUIRE(gwsim::replication_seed(7, 0) != gwsim::replication_seed(7, 1));
  REQUIRE(gwsim::replication_seed(7, 0) != gwsim::replication_seed(8, 0));
}

TEST_CASE("replications saved in any order assemble to the Monte Carlo run on threads", "[replications]") {
  const gwsim::Scenario s = small();
  const gwsim::MonteCarlo straight = gwsim::run_replications(s, 5, 6, 2);
  gwsim::MemoryStore store;
  REQUIRE(gwsim::missing_replications(store, 5, 6) == std::vector<int>{0, 1, 2, 3, 4, 5});
  for (int r : {4, 1, 0, 3, 2}) {  // as workers finish them
    const gwsim::ReplicationStore::Saved one = gwsim::run_replication(s, 5, r);
    store.save(r, one.run, one.times);
  }
  REQUIRE(gwsim::missing_replications(store, 5, 6) == std::vector<int>{5});
  // a replication of another seed is not the one wanted: missing, and rerun
  REQUIRE(gwsim::missing_replications(store, 6, 2) == std::vector<int>{0, 1});
  const gwsim::MonteCarlo assembled = gwsim::run_replications(s, 5, 6, 1, {}, &store);
  REQUIRE(assembled.resumed == 5);  // only replication 5 was run here
  REQUIRE(assembled.times == straight.times);
  for (std::size_t r = 0; r < 6; ++r) require_same(assembled.runs[r], straight.runs[r]);
}

TEST_CASE("a memory store writes through to its backing store and reads from it", "[replications]") {
  const gwsim::Scenario s = small();
  gwsim::MemoryStore disk;  // stands for a CheckpointDir
  const gwsim::ReplicationStore::Saved one = gwsim::run_replication(s, 5, 1);
  {
    gwsim::MemoryStore front(&disk);
    front.save(1, one.run, one.times);
  }
  REQUIRE(disk.load(1).has_value());
  gwsim::MemoryStore again(&disk);  // a new run over the same backing store
  const auto back = again.load(1);
  REQUIRE(back.has_value());
  require_same(back->run, one.run);
  REQUIRE_FALSE(again.load(0).has_value());
  REQUIRE(gwsim::missing_replications(again, 5, 3) == std::vector<int>{0, 2});
}

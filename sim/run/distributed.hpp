// gwsim/sim/run/distributed.hpp -- Monte Carlo whose replications are run
// elsewhere (on Dask workers or any executor, from Python) and assembled
// here by run_replications, so that the result is the same value as a
// Monte Carlo run on local threads.
//
//   worker:  ReplicationStore::Saved rep = run_replication(s, seed, r);
//            (sent back encoded, io/checkpoint.hpp's encode_replication)
//   main:    MemoryStore store(&checkpoint);              // or MemoryStore store;
//            for (int r : missing_replications(store, seed, n)) ... send r to a worker;
//            store.save(r, rep.run, rep.times);           // as results arrive
//            MonteCarlo mc = run_replications(s, seed, n, 1, {}, &store);  // runs none of the saved ones
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "run/replications.hpp"

namespace gwsim {

// The seed of replication r of a Monte Carlo with `seed`.
std::uint64_t replication_seed(std::uint64_t seed, int r);

// Replication r alone: the same value as run_replications(s, seed, n, ...).runs[r]
// for any n > r, with the run's daily sample instants.
ReplicationStore::Saved run_replication(const Scenario& s, std::uint64_t seed, int r);

// Keeps replications in memory, and in `backing` too when given (e.g. a
// CheckpointDir, which must outlive this store); load() looks in memory,
// then in `backing`. Safe to use from several threads.
class MemoryStore final : public ReplicationStore {
 public:
  explicit MemoryStore(ReplicationStore* backing = nullptr) : backing_(backing) {}

  std::optional<Saved> load(int r) override;
  void save(int r, const Replication& run, const std::vector<Tick>& times) override;

 private:
  std::mutex m_;
  std::map<int, Saved> saved_;
  ReplicationStore* backing_;
};

// The replications among 0..n-1 that `store` does not hold (with the seed
// replication_seed(seed, r)): those run_replications would run.
std::vector<int> missing_replications(ReplicationStore& store, std::uint64_t seed, int n);

}  // namespace gwsim

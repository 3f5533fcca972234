// gwsim/sim/io/checkpoint.hpp -- finished Monte Carlo replications kept on
// disk, so that `gwsim run --replications N` resumes after being killed.
//
//   gwsim::CheckpointDir store(out / ".replications", fingerprint);
//   gwsim::MonteCarlo mc = gwsim::run_replications(s, seed, n, threads, progress, &store);
//   ... write the outputs ...
//   store.remove();
//
// One CBOR file per replication (rep-000017.cbor), each written atomically,
// holding every field of the Replication (its whole summary: money, contracts,
// lifecycle, power, reliability...; its job outcome with workloads; its banded
// columns) under the fields' names, the run's sample instants, and the
// fingerprint of what was simulated. A directory
// left by a different scenario, seed or gwsim version is emptied, not used;
// an unreadable file is recomputed. docs/reliability.md.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "run/replications.hpp"

namespace gwsim {

class CheckpointDir final : public ReplicationStore {
 public:
  // Creates `dir` if needed; removes files of another fingerprint and stale
  // temporary files. Throws Error("output.io") when it cannot.
  //
  // Fault injection for the kill-and-resume tests: with the environment
  // variable GWSIM_TEST_KILL_AFTER_SAVES=N, the process kills itself (SIGKILL,
  // no clean-up) right after its N-th replication file is in place, so a test
  // knows at least N were saved without watching files or a clock
  // (docs/reliability.md). A value that is not a positive integer is an error.
  CheckpointDir(std::filesystem::path dir, std::string fingerprint);

  std::optional<Saved> load(int r) override;
  void save(int r, const Replication& run, const std::vector<Tick>& times) override;

  // Deletes the directory (once the outputs that use it are written).
  void remove();

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path file(int r) const;
  std::filesystem::path dir_;
  std::string fingerprint_;
  int kill_after_saves_ = 0;  // 0: never
  std::atomic<int> saves_{0};
};

// The exact bytes of a replication and back (exposed for tests).
std::string encode_replication(const Replication& run, const std::vector<Tick>& times, const std::string& fingerprint);
// nullopt when `bytes` is not a replication of this fingerprint.
std::optional<ReplicationStore::Saved> decode_replication(const std::string& bytes, const std::string& fingerprint);

// The fingerprint of a Monte Carlo's replications (gwsim run --replications
// and gwsim.monte_carlo alike): the gwsim version, the seed, and the
// scenario's document_fingerprint() (io/loader.hpp).
std::string replications_fingerprint(const std::string& scenario_fingerprint, std::uint64_t seed);

}  // namespace gwsim

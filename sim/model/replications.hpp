// gwsim/sim/model/replications.hpp -- Monte Carlo replications of a scenario.
//
// Replication r runs the scenario with the seed RandomStreams(seed).stream_seed("replication", r),
// so its result depends on r alone: running them on any number of threads gives
// the same answer, and more replications extend, never change, earlier ones.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/buildout.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

struct Replication {
  std::uint64_t seed = 0;
  BuildoutSummary summary;
  std::vector<std::vector<double>> columns;  // the banded columns, one value per day
};

struct MonteCarlo {
  std::vector<std::string> columns;  // names of the banded time-series columns
  std::vector<Tick> times;           // the daily sample instants
  std::vector<Replication> runs;     // by replication index
};

// The time-series columns whose percentile bands are kept.
const std::vector<std::string>& banded_columns();

// Runs `n` replications on `threads` threads (>= 1); `progress(done)` is
// called from the calling thread as replications finish (may be empty).
MonteCarlo run_replications(const Scenario& s, std::uint64_t seed, int n, int threads,
                            const std::function<void(int)>& progress = {});

// The q-quantile (0..1) of `values` by linear interpolation between order
// statistics (Hyndman and Fan type 7, numpy's default); sorts `values`.
double quantile(std::vector<double>& values, double q);

}  // namespace gwsim

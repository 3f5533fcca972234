// gwsim/sim/run/job_outcome_stats.hpp -- what Monte Carlo outputs report of the
// replications' job outcomes (run/replications.hpp, ReplicationJobs): each
// training run's finish date and effective training time (ETTR) over the
// replications, and the queue figures (each replication's wait quantiles,
// utilization, goodput) over the replications. One implementation for
// `gwsim run --replications` (training_runs.csv, summary.json's monte_carlo)
// and for Python's MonteCarloResult.training_runs. docs/outputs.md.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "run/monte_carlo_stats.hpp"
#include "run/replications.hpp"

namespace gwsim {

// One training run over the replications.
struct TrainingRunStats {
  std::string name;
  std::size_t replications = 0;
  // Replications in which, at the horizon, it had completed, was running, was
  // waiting after an interruption, had never started (they add up to replications).
  std::size_t completed = 0, running = 0, waiting = 0, never_started = 0;
  // P10, P50, P90 of its end (kBandQuantiles, type 7, as the key dates): a
  // replication that did not complete it counts as later than any date, so a
  // quantile that falls among those is nullopt (not finished by the horizon in
  // that share of the replications).
  std::array<std::optional<Tick>, 3> end;
  // P10, P50, P90 of its effective training time over the replications in
  // which it started (ETTR is undefined before a first start); nullopt when it
  // started in none.
  std::array<std::optional<double>, 3> ettr;
};
// One entry per training run of the scenario (mc.training_runs); empty without workloads.
std::vector<TrainingRunStats> training_run_stats(const MonteCarlo& mc);

// A queue figure of ReplicationJobs over the replications: P10, P50, P90 (type 7).
using QueueFigureStats = FigureStats;  // run/monte_carlo_stats.hpp
// The queue figures, in that order; empty without workloads.
std::vector<QueueFigureStats> queue_figure_stats(const MonteCarlo& mc);
// The names of the queue figures, in that order.
const std::vector<std::string>& queue_figure_names();
// Figure k (as queue_figure_names()) of a replication.
double queue_figure(const ReplicationJobs& j, std::size_t k);

// The fleet's raw power swings over the replications (docs/power.md, "Power
// swings of training runs"): each replication's largest step, steepest ramp
// and steps above the threshold, P10, P50, P90 (type 7); empty without a
// power_swings section. In replications.csv, summary.json's
// monte_carlo.power_swings and Python's MonteCarloResult.training.
std::vector<QueueFigureStats> swing_figure_stats(const MonteCarlo& mc);
// Whether the replications kept their power swings.
bool has_swings(const MonteCarlo& mc);
// largest_step_mw, steepest_ramp_mw_per_min, steps_above_threshold.
const std::vector<std::string>& swing_figure_names();
// Figure k (as swing_figure_names()) of a replication's swings.
double swing_figure(const SwingFigures& f, std::size_t k);

}  // namespace gwsim

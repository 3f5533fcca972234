// gwsim/sim/run/replications.hpp -- runs of a scenario: one run (the fleet, and
// the job system when the scenario has workloads), and Monte Carlo replications.
//
// Replication r runs the scenario with the seed RandomStreams(seed).stream_seed("replication", r),
// so its result depends on r alone: running them on any number of threads gives
// the same answer, and more replications extend, never change, earlier ones.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/stats.hpp"  // quantile()
#include "jobs/jobs.hpp"
#include "model/buildout.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

// A request, from another thread (a Ctrl-C seen by Python), that runs stop
// early. run_scenario checks it between slices of simulated time (none of the
// engine's events is added, so a run that is not stopped gives the same
// result), run_replications before each replication; a stopped run throws
// Error("run.cancelled"). Once cancelled it stays cancelled.
class Cancellation {
 public:
  void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

// The slices of simulated time between two checks of a Cancellation: about
// 25 ms of wall time on the largest shipped scenario (docs/python.md).
inline constexpr int kCancellationSlices = 4000;

// What one run produced.
struct RunOutput {
  Timeseries timeseries;
  BuildoutSummary summary;
  std::optional<JobsSummary> jobs_summary;  // with workloads
  std::vector<JobRow> jobs;
};

// Runs `s` to its horizon. `on_step(t, horizon)`, if given, is called at 200
// evenly spaced instants (for progress displays). With `cancel`, the run
// stops soon after cancel->cancel() by throwing Error("run.cancelled").
// With `site_series`, the timeseries also keeps each site's share of the
// columns of site_columns() (model/columns.hpp), which cost columns x sites
// values a day: Python's Result.sites reads them, the CLI does not.
RunOutput run_scenario(const Scenario& s, std::uint64_t seed, const std::function<void(Tick, Tick)>& on_step = {},
                       const Cancellation* cancel = nullptr, bool site_series = false);

// How a training run stood at the end of one replication (its TrainingSummary, compact).
enum class TrainingStatus : std::uint8_t {
  completed,
  running,        // running at the horizon, not finished
  waiting,        // started, then interrupted, and waiting in the queue at the horizon
  never_started,  // waited in the queue the whole run
};
// The name Monte Carlo outputs give a status ("completed", "running", "waiting", "never_started").
const char* status_name(TrainingStatus s);

struct TrainingOutcome {
  TrainingStatus status = TrainingStatus::never_started;
  Tick end = -1;                       // -1: not completed
  double effective_training_time = 0;  // as TrainingSummary (0 when never started)
  std::uint32_t interruptions = 0;
};

// The job outcome of one replication, for scenarios with workloads: the jobs list
// itself is not kept (memory), only these figures of its JobsSummary.
struct ReplicationJobs {
  std::vector<TrainingOutcome> training;  // by the scenario's training runs
  double wait_p50_hours = 0, wait_p90_hours = 0, wait_p99_hours = 0;
  double utilization = 0, goodput = 0;
  // The fleet's raw power swings (jobs/power_swings.hpp), with a power_swings section.
  std::optional<SwingFigures> swings{};
};
ReplicationJobs replication_jobs(const JobsSummary& sum);

struct Replication {
  std::uint64_t seed = 0;
  BuildoutSummary summary;
  std::vector<std::vector<double>> columns;  // the banded columns, one value per day
  std::optional<ReplicationJobs> jobs{};     // with workloads
};

struct MonteCarlo {
  std::vector<std::string> columns;        // names of the banded time-series columns
  std::vector<Tick> times;                 // the daily sample instants
  std::vector<Replication> runs;           // by replication index
  std::vector<std::string> training_runs;  // names of the scenario's training runs (ReplicationJobs::training)
  int resumed = 0;                         // how many came from a ReplicationStore
};

// Keeps finished replications, so that an interrupted Monte Carlo resumes
// without recomputing them (CheckpointDir in io/checkpoint.hpp keeps them on
// disk). Results do not depend on it: replication r is a function of r alone.
class ReplicationStore {
 public:
  struct Saved {
    Replication run;
    std::vector<Tick> times;  // the run's daily sample instants
  };
  // Replication r as saved earlier, or nullopt.
  virtual std::optional<Saved> load(int r) = 0;
  // Called from worker threads, concurrently for different r.
  virtual void save(int r, const Replication& run, const std::vector<Tick>& times) = 0;

 protected:
  ~ReplicationStore() = default;
};

// The time-series columns whose percentile bands are kept.
const std::vector<std::string>& banded_columns();

// Runs `n` replications on `threads` threads (>= 1); `progress(done)` is
// called from the calling thread as replications finish (may be empty).
// With a `store`, replications found there are not run again, and each one
// run is saved there as soon as it finishes. With `cancel`, cancel->cancel()
// starts no further replication and stops the running ones; the call then
// returns, once every thread has stopped, by throwing Error("run.cancelled")
// (those finished before are in `store`).
MonteCarlo run_replications(const Scenario& s, std::uint64_t seed, int n, int threads,
                            const std::function<void(int)>& progress = {}, ReplicationStore* store = nullptr,
                            const Cancellation* cancel = nullptr);

}  // namespace gwsim

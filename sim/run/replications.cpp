#include "run/replications.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "core/engine.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "model/columns.hpp"

namespace gwsim {

// The buildout columns marked banded (every run has them), in the table's order but for
// racks_in_service, which bands.csv and the checkpoints (columns by position) have kept right
// after gpus_in_service since before the table existed.
const std::vector<std::string>& banded_columns() {
  static const std::vector<std::string> cols = [] {
    std::vector<std::string> out;
    for (const ColumnSpec* c : buildout_columns())
      if (c->banded) out.emplace_back(c->name);
    const auto gpus = std::find(out.begin(), out.end(), columns::gpus_in_service.name);
    const auto racks = std::find(out.begin(), out.end(), columns::racks_in_service.name);
    if (gpus < racks && racks != out.end()) std::rotate(gpus + 1, racks, racks + 1);
    return out;
  }();
  return cols;
}

namespace {

[[noreturn]] void throw_cancelled() { throw Error("run.cancelled", "the run was cancelled"); }

}  // namespace

RunOutput run_scenario(const Scenario& s, std::uint64_t seed, const std::function<void(Tick, Tick)>& on_step,
                       const Cancellation* cancel, bool site_series) {
  if (cancel != nullptr && cancel->cancelled()) throw_cancelled();
  Engine eng;
  Buildout fleet(eng, s, seed);
  if (site_series) fleet.recorder().record_sites();
  std::optional<JobSystem> jobs;
  if (s.workloads) jobs.emplace(eng, s, fleet, seed);
  const Tick horizon = fleet.horizon();
  if (on_step || cancel != nullptr) {
    // Progress at kSteps instants, a cancellation checked at kCancellationSlices (a multiple of kSteps).
    // run_until adds no event: the run is the same whichever slices it is run in.
    constexpr int kSteps = 200;
    static_assert(kCancellationSlices % kSteps == 0);
    const int slices = cancel != nullptr ? kCancellationSlices : kSteps;
    const int per_step = slices / kSteps;
    for (int k = 1; k <= slices; ++k) {
      if (cancel != nullptr && cancel->cancelled()) throw_cancelled();
      const Tick t = k == slices ? horizon : horizon / slices * k;
      eng.run_until(t);
      if (on_step && k % per_step == 0) on_step(t, horizon);
    }
  } else {
    eng.run_until(horizon);
  }
  RunOutput out;
  out.summary = fleet.summary();
  if (jobs) {
    jobs->finish();
    out.jobs_summary = jobs->summary();
    out.jobs = jobs->take_jobs();  // moved: a copy would double the rows at the peak
  }
  out.timeseries = fleet.timeseries();
  return out;
}

const char* status_name(TrainingStatus s) {
  switch (s) {
    case TrainingStatus::completed: return "completed";
    case TrainingStatus::running: return "running";
    case TrainingStatus::waiting: return "waiting";
    case TrainingStatus::never_started: break;
  }
  return "never_started";
}

ReplicationJobs replication_jobs(const JobsSummary& sum) {
  ReplicationJobs j;
  j.wait_p50_hours = sum.wait_p50_hours;
  j.wait_p90_hours = sum.wait_p90_hours;
  j.wait_p99_hours = sum.wait_p99_hours;
  j.utilization = sum.utilization;
  j.goodput = sum.goodput;
  if (sum.power_swings) j.swings = sum.power_swings->fleet.raw;
  for (const TrainingSummary& t : sum.training) {
    TrainingOutcome o;
    o.status = t.completed        ? TrainingStatus::completed
               : !t.started       ? TrainingStatus::never_started
               : t.running_at_end ? TrainingStatus::running
                                  : TrainingStatus::waiting;
    o.end = t.completed ? t.end : -1;
    o.effective_training_time = t.effective_training_time;
    o.interruptions = t.interruptions;
    j.training.push_back(o);
  }
  return j;
}

namespace {

Replication run_one(const Scenario& s, std::uint64_t seed, std::vector<Tick>& times, const Cancellation* cancel) {
  RunOutput out = run_scenario(s, seed, {}, cancel);
  Replication r;
  r.seed = seed;
  r.summary = out.summary;
  for (const std::string& c : banded_columns()) r.columns.push_back(out.timeseries.column(c));
  if (out.jobs_summary) r.jobs = replication_jobs(*out.jobs_summary);
  times = out.timeseries.times();
  return r;
}

}  // namespace

MonteCarlo run_replications(const Scenario& s, std::uint64_t seed, int n, int threads,
                            const std::function<void(int)>& progress, ReplicationStore* store,
                            const Cancellation* cancel) {
  MonteCarlo mc;
  mc.columns = banded_columns();
  if (s.workloads)
    for (const TrainingRun& tr : s.workloads->training) mc.training_runs.push_back(tr.name);
  mc.runs.resize(static_cast<std::size_t>(n));
  const RandomStreams streams(seed);
  std::vector<int> todo;
  for (int r = 0; r < n; ++r) {
    std::optional<ReplicationStore::Saved> saved;
    if (store != nullptr) saved = store->load(r);
    if (saved && saved->run.seed == streams.stream_seed("replication", static_cast<std::uint64_t>(r))) {
      mc.runs[static_cast<std::size_t>(r)] = std::move(saved->run);
      if (mc.times.empty()) mc.times = std::move(saved->times);
      ++mc.resumed;
    } else {
      todo.push_back(r);
    }
  }
  const auto stopping = [cancel] { return cancel != nullptr && cancel->cancelled(); };
  std::atomic<std::size_t> next{0};
  std::mutex m;
  std::condition_variable cv;
  int done = mc.resumed;
  std::exception_ptr error;
  const int t = std::clamp(threads, 1, std::max(1, static_cast<int>(todo.size())));
  int running = t;  // worker threads not yet stopped
  auto worker = [&] {
    for (std::size_t i = next++; i < todo.size() && !stopping(); i = next++) {
      const int r = todo[i];
      try {
        std::vector<Tick> times;
        Replication rep = run_one(s, streams.stream_seed("replication", static_cast<std::uint64_t>(r)), times, cancel);
        if (store != nullptr) store->save(r, rep, times);
        std::lock_guard lock(m);
        mc.runs[static_cast<std::size_t>(r)] = std::move(rep);
        if (mc.times.empty()) mc.times = std::move(times);
        ++done;
      } catch (...) {
        std::lock_guard lock(m);
        if (stopping()) break;  // run.cancelled, or an error that the cancellation makes moot
        if (!error) error = std::current_exception();
        ++done;
      }
      cv.notify_one();
    }
    {
      std::lock_guard lock(m);
      --running;
    }
    cv.notify_one();
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(t));
  for (int i = 0; i < t; ++i) pool.emplace_back(worker);
  {
    std::unique_lock lock(m);
    int shown = 0;
    while (done < n && running > 0) {
      cv.wait(lock, [&] { return done > shown || running == 0; });
      if (done > shown && progress) {
        shown = done;
        lock.unlock();
        progress(shown);
        lock.lock();
      }
      shown = done;
    }
  }
  for (std::thread& th : pool) th.join();
  if (error) std::rethrow_exception(error);
  if (done < n) throw_cancelled();  // the workers stopped before every replication was run
  return mc;                        // the sample instants are the same in every replication
}

}  // namespace gwsim

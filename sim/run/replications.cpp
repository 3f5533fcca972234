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
#include "core/random.hpp"

namespace gwsim {

const std::vector<std::string>& banded_columns() {
  static const std::vector<std::string> cols{"gpus_in_service", "racks_in_service", "gpus_stranded",
                                             "facility_power_mw", "pflops_fp8_online", "energy_mwh",
                                             "capex_usd", "contract_paid_usd"};
  return cols;
}

RunOutput run_scenario(const Scenario& s, std::uint64_t seed, const std::function<void(Tick, Tick)>& on_step) {
  Engine eng;
  Buildout fleet(eng, s, seed);
  std::optional<JobSystem> jobs;
  if (s.workloads) jobs.emplace(eng, s, fleet, seed);
  const Tick horizon = fleet.horizon();
  if (on_step) {
    constexpr int kSteps = 200;
    for (int k = 1; k <= kSteps; ++k) {
      const Tick t = k == kSteps ? horizon : horizon / kSteps * k;
      eng.run_until(t);
      on_step(t, horizon);
    }
  } else {
    eng.run_until(horizon);
  }
  RunOutput out;
  out.summary = fleet.summary();
  if (jobs) {
    jobs->finish();
    out.jobs_summary = jobs->summary();
    out.jobs = jobs->jobs();
  }
  out.timeseries = fleet.timeseries();
  return out;
}

namespace {

Replication run_one(const Scenario& s, std::uint64_t seed, std::vector<Tick>& times) {
  RunOutput out = run_scenario(s, seed);
  Replication r;
  r.seed = seed;
  r.summary = out.summary;
  for (const std::string& c : banded_columns()) r.columns.push_back(out.timeseries.column(c));
  times = out.timeseries.times();
  return r;
}

}  // namespace

MonteCarlo run_replications(const Scenario& s, std::uint64_t seed, int n, int threads,
                            const std::function<void(int)>& progress, ReplicationStore* store) {
  MonteCarlo mc;
  mc.columns = banded_columns();
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
  std::atomic<std::size_t> next{0};
  std::mutex m;
  std::condition_variable cv;
  int done = mc.resumed;
  std::exception_ptr error;
  auto worker = [&] {
    for (std::size_t i = next++; i < todo.size(); i = next++) {
      const int r = todo[i];
      try {
        std::vector<Tick> times;
        Replication rep = run_one(s, streams.stream_seed("replication", static_cast<std::uint64_t>(r)), times);
        if (store != nullptr) store->save(r, rep, times);
        std::lock_guard lock(m);
        mc.runs[static_cast<std::size_t>(r)] = std::move(rep);
        if (mc.times.empty()) mc.times = std::move(times);
      } catch (...) {
        std::lock_guard lock(m);
        if (!error) error = std::current_exception();
      }
      {
        std::lock_guard lock(m);
        ++done;
      }
      cv.notify_one();
    }
  };
  std::vector<std::thread> pool;
  const int t = std::clamp(threads, 1, std::max(1, static_cast<int>(todo.size())));
  for (int i = 0; i < t; ++i) pool.emplace_back(worker);
  {
    std::unique_lock lock(m);
    int shown = 0;
    while (done < n) {
      cv.wait(lock, [&] { return done > shown; });
      shown = done;
      if (progress) {
        lock.unlock();
        progress(shown);
        lock.lock();
      }
    }
  }
  for (std::thread& th : pool) th.join();
  if (error) std::rethrow_exception(error);
  return mc;  // the sample instants are the same in every replication
}

double quantile(std::vector<double>& values, double q) {
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double pos = q * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

}  // namespace gwsim

#include "model/replications.hpp"

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

Replication run_one(const Scenario& s, std::uint64_t seed, std::vector<Tick>* times) {
  RunOutput out = run_scenario(s, seed);
  Replication r;
  r.seed = seed;
  r.summary = out.summary;
  for (const std::string& c : banded_columns()) r.columns.push_back(out.timeseries.column(c));
  if (times != nullptr) *times = out.timeseries.times();
  return r;
}

}  // namespace

MonteCarlo run_replications(const Scenario& s, std::uint64_t seed, int n, int threads,
                            const std::function<void(int)>& progress) {
  MonteCarlo mc;
  mc.columns = banded_columns();
  mc.runs.resize(static_cast<std::size_t>(n));
  const RandomStreams streams(seed);
  std::atomic<int> next{0};
  std::mutex m;
  std::condition_variable cv;
  int done = 0;
  std::exception_ptr error;
  auto worker = [&] {
    for (int r = next++; r < n; r = next++) {
      try {
        mc.runs[static_cast<std::size_t>(r)] =
            run_one(s, streams.stream_seed("replication", static_cast<std::uint64_t>(r)), r == 0 ? &mc.times : nullptr);
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
  const int t = std::clamp(threads, 1, std::max(1, n));
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
  return mc;  // the sample instants, the same in every replication, came from replication 0
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

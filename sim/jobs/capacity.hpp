// gwsim/sim/jobs/capacity.hpp -- units that running jobs hold: the GPUs of
// one site (jobs/gpu_sites.hpp) or the vCPUs of the CPU pool (jobs/cpu_pool.hpp).
//
// A capacity knows how many units are up and busy, which running jobs hold
// how many of them (to draw the job a failure or a shrink hits, in
// O(log jobs)), and when each holding is expected to end (for EASY
// backfilling's reservation, jobs/backfill.hpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <set>
#include <tuple>

#include <boost/random/uniform_real_distribution.hpp>

#include "core/random.hpp"
#include "core/time.hpp"
#include "core/weighted_sampler.hpp"

namespace gwsim::detail {

struct Capacity {
  // (expected end, job, units held here), in order of expected end.
  using Ends = std::multiset<std::tuple<Tick, std::uint64_t, std::int64_t>>;

  std::int64_t up = 0;    // units in service
  std::int64_t busy = 0;  // units held: by jobs, and at a GPU site also by inference
  WeightedSampler jobs;   // running jobs, weighted by the units each holds here
  Ends ends;

  std::int64_t free() const { return up - busy; }

  // Job `job` holds `units` here until `end` (expected); returns its slot.
  WeightedSampler::Slot hold(std::uint64_t job, std::int64_t units, Tick end) {
    busy += units;
    ends.emplace(end, job, units);
    return jobs.add(job, units);
  }
  // Undoes hold() (the same arguments and the slot it returned).
  void release(std::uint64_t job, std::int64_t units, Tick end, WeightedSampler::Slot slot) {
    busy -= units;
    jobs.remove(slot);
    ends.erase(ends.find({end, job, units}));
  }
  // Units held by jobs (busy less inference).
  std::int64_t job_units() const { return jobs.total(); }

  // The job holding a uniform unit among the units jobs hold here (one draw
  // from `rng`); job_units() must be > 0.
  std::uint64_t draw_job(RandomEngine& rng) const {
    const std::int64_t held = jobs.total();
    const auto u = static_cast<std::int64_t>(
        boost::random::uniform_real_distribution<double>(0.0, static_cast<double>(held))(rng));
    return jobs.pick(std::min(u, held - 1));
  }
};

}  // namespace gwsim::detail

// gwsim/sim/jobs/cpu_pool.hpp -- the pool of vCPUs that CPU jobs run on
// (a workloads' "cpu_pool"), apart from the GPUs.
//
// Its size steps at dated points (the wiring schedules them and calls
// resize()); it does not fail. A shrink below the vCPUs its jobs hold
// interrupts jobs, each holding a uniform busy vCPU, until the rest fit.
// Without a cpu_pool in the scenario the pool has 0 vCPUs.
#pragma once

#include <cstdint>

#include "core/random.hpp"
#include "jobs/capacity.hpp"
#include "jobs/job_control.hpp"

namespace gwsim::detail {

class VcpuPool {
 public:
  std::int64_t vcpus() const { return c_.up; }         // in the pool
  std::int64_t busy_vcpus() const { return c_.busy; }  // held by jobs
  std::int64_t free_vcpus() const { return c_.free(); }
  const Capacity& capacity() const { return c_; }

  // Job `job` holds `vcpus` until `end` (expected); returns its slot.
  WeightedSampler::Slot hold(std::uint64_t job, std::int64_t vcpus, Tick end) { return c_.hold(job, vcpus, end); }
  // Undoes hold() (the same arguments and the slot it returned).
  void release(std::uint64_t job, std::int64_t vcpus, Tick end, WeightedSampler::Slot slot) {
    c_.release(job, vcpus, end, slot);
  }

  // The pool now has `vcpus`. While its jobs hold more, the job holding a
  // uniform busy vCPU (one draw from `rng` each) is interrupted through
  // `control`, which releases its vCPUs.
  void resize(std::int64_t vcpus, RandomEngine& rng, JobControl& control);

 private:
  Capacity c_;
};

}  // namespace gwsim::detail

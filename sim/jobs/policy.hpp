// gwsim/sim/jobs/policy.hpp -- queue policies behind one interface.
//
// A policy orders the waiting jobs and says whether jobs behind a blocked
// head may start. The job system asks it for a job's rank each time the job
// enters the queue (lower runs first; equal ranks in submission order) and
// reports the GPU-hours each tenant's runs use. New policies implement
// QueuePolicy and are named in make_policy().
#pragma once

#include <cstdint>
#include <memory>

#include "scenario/scenario.hpp"

namespace gwsim {

class QueuePolicy {
 public:
  virtual ~QueuePolicy() = default;
  // The rank of a job entering the queue: on submission, or again after an
  // interruption (`interrupted`).
  virtual std::int64_t rank(int priority, std::uint32_t tenant, bool interrupted, Tick now) const = 0;
  // Whether EASY backfilling may start jobs behind a blocked head.
  virtual bool backfills() const { return false; }
  // A run of `tenant` released its GPUs after holding them for `gpu_hours`.
  virtual void used(std::uint32_t tenant, double gpu_hours, Tick now) {
    (void)tenant;
    (void)gpu_hours;
    (void)now;
  }
};

std::unique_ptr<QueuePolicy> make_policy(const Workloads& workloads);

}  // namespace gwsim

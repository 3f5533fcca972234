// gwsim/sim/jobs/job_stats.hpp -- the job system's books: counts of jobs,
// waits, and the time-weighted levels (GPUs busy and up, inference served
// and asked for, vCPUs busy and in the pool) that the summary integrates.
#pragma once

#include <cstdint>

#include "core/stats.hpp"
#include "jobs/cpu_pool.hpp"
#include "jobs/gpu_sites.hpp"
#include "jobs/inference.hpp"
#include "jobs/job_table.hpp"

namespace gwsim::detail {

class JobStats {
 public:
  JobStats(const GpuSites& sites, const VcpuPool& pool, const InferenceService& inference)
      : sites_(sites), pool_(pool), inference_(inference) {}

  // The levels may have changed at `now`: call after every change of them.
  void levels(Tick now);

  // A job started (its first start after waiting `wait_hours`, if `first`:
  // jobs.csv's wait_hours, first start - submit; the waits' quantiles are
  // exact over the jobs that started).
  void started(bool first, double wait_hours) {
    ++running_;
    if (first) {
      ++started_;
      waits_.add(wait_hours);
    }
  }
  void released() { --running_; }
  void completed() { ++completed_; }
  void interrupted() { ++interruptions_; }

  std::uint64_t running() const { return running_; }  // jobs holding GPUs or vCPUs

  // The summary of the books closed at `finished_at`.
  JobsSummary summary(const JobTable& table, const Workloads& w, Tick finished_at) const;

 private:
  const GpuSites& sites_;
  const VcpuPool& pool_;
  const InferenceService& inference_;
  std::uint64_t running_ = 0, started_ = 0, completed_ = 0, interruptions_ = 0;
  TimeWeighted busy_tw_, up_tw_, inference_tw_, demand_tw_, cpu_busy_tw_, cpu_up_tw_;
  Tally waits_;
};

}  // namespace gwsim::detail

// gwsim/sim/jobs/job_control.hpp -- what the job system's components ask of
// it: start a queued job, interrupt a running one. Implemented by the wiring
// (jobs/jobs.cpp); backfilling starts jobs, inference preemption and a
// shrinking CPU pool interrupt them.
#pragma once

#include <cstdint>

namespace gwsim::detail {

class JobControl {
 public:
  // Starts queued job `job` on the plan Placement last made for it.
  virtual void start(std::uint64_t job) = 0;
  // Running job `job` loses its GPUs (vCPUs) and the work since its last
  // checkpoint, and queues again.
  virtual void interrupt(std::uint64_t job) = 0;

 protected:
  ~JobControl() = default;
};

}  // namespace gwsim::detail

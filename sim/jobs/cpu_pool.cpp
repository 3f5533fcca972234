#include "jobs/cpu_pool.hpp"

namespace gwsim::detail {

void VcpuPool::resize(std::int64_t vcpus, RandomEngine& rng, JobControl& control) {
  c_.up = vcpus;
  while (c_.busy > c_.up) control.interrupt(c_.draw_job(rng));
}

}  // namespace gwsim::detail

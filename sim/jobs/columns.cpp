#include "jobs/columns.hpp"

#include <array>

namespace gwsim {

std::span<const ColumnSpec* const> jobs_columns() {
  using namespace columns;
  static constexpr std::array<const ColumnSpec*, 10> kOrder = {
      &jobs_queued,    &gpus_queued,           &jobs_running, &gpus_busy,  &utilization,
      &inference_gpus, &inference_demand_gpus, &vcpus_busy,   &vcpus_pool, &largest_free_run_gpus};
  return kOrder;
}

}  // namespace gwsim

// gwsim/sim/jobs/columns.hpp -- the job system's time-series columns (the
// output contract, as model/columns.hpp): present when a scenario has workloads.
#pragma once

#include <span>

#include "model/columns.hpp"

namespace gwsim {

namespace columns {
// clang-format off
inline constexpr ColumnSpec jobs_queued{"jobs_queued", "jobs", "Jobs waiting in the queue (GPU and CPU)", true};
inline constexpr ColumnSpec gpus_queued{"gpus_queued", "GPUs", "GPUs asked for by the jobs waiting", true};
inline constexpr ColumnSpec jobs_running{"jobs_running", "jobs", "Jobs holding GPUs or vCPUs", true};
inline constexpr ColumnSpec gpus_busy{"gpus_busy", "GPUs", "GPUs busy with jobs or inference", true};
inline constexpr ColumnSpec utilization{"utilization", "fraction", "gpus_busy / gpus_in_service (0 when none is up)", false};
inline constexpr ColumnSpec inference_gpus{"inference_gpus", "GPUs", "GPUs serving inference", true};
inline constexpr ColumnSpec inference_demand_gpus{"inference_demand_gpus", "GPUs", "GPUs the inference demand curve asks for", true};
inline constexpr ColumnSpec vcpus_busy{"vcpus_busy", "vCPUs", "vCPUs of the CPU pool busy with jobs", true};
inline constexpr ColumnSpec vcpus_pool{"vcpus_pool", "vCPUs", "vCPUs in the CPU pool", true};
inline constexpr ColumnSpec largest_free_run_gpus{"largest_free_run_gpus", "GPUs", "The largest training run within one fabric domain that could start now on free GPUs: free GPUs of the largest free domain (of a site without domains: its free GPUs), largest over sites", true};
// clang-format on
}  // namespace columns

// The job system's columns, in the order of timeseries.csv (after the buildout's).
std::span<const ColumnSpec* const> jobs_columns();

}  // namespace gwsim

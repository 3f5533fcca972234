// gwsim/sim/io/workload_warnings.hpp -- implausible but legal workloads
// (docs/scenarios.md, "Warnings"): each finding names its JSON pointer.
//
//   for (const WorkloadWarning& w : detail::workload_warnings(s)) ...
//
// The checks:
//   plausibility.checkpoint_cost  a job's checkpoint_cost_hours is at least its
//                                 checkpoint_hours: it spends at least half its
//                                 time writing checkpoints (docs/jobs.md)
//   plausibility.reservation_size     a reservation holds more GPUs at a site than it can ever hold
//   plausibility.reservation_overlap  reservations active together at a site hold more than it can ever hold
//   plausibility.reservation_before_run  a training run's reservation ends before the run is submitted
//   plausibility.reservation_empty_cluster  a share of a cluster whose sites have no racks ordered
//   plausibility.standby_nodes        a run keeps more standby nodes than it has nodes
//   plausibility.swap_minutes         a standby swap is slower than a restart
//   plausibility.elastic_min_fraction an elastic run goes on below a quarter of its GPUs (assumed bound)
//   plausibility.preemptible          a preemptible stream or trace where nothing takes GPUs back
// "Can ever hold": planned_gpus_by_site.
#pragma once

#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace gwsim::detail {

struct WorkloadWarning {
  std::string code;     // e.g. "plausibility.checkpoint_cost"
  std::string pointer;  // into the scenario document
  std::string message;
};

// Below this share of its GPUs an elastic run is implausible (assumed; docs/scenarios.md, "Warnings").
inline constexpr double kImplausibleElasticFraction = 0.25;

std::vector<WorkloadWarning> workload_warnings(const Scenario& s);

// GPUs each site can ever hold: its ordered racks x GPUs per rack, scaled
// down to its rack slots when fewer (power is left to feasibility.power).
std::vector<double> planned_gpus_by_site(const Scenario& s);

}  // namespace gwsim::detail

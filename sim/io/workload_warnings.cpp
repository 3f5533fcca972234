#include "io/workload_warnings.hpp"

#include <fmt/format.h>

namespace gwsim::detail {

namespace {

void check_checkpoint_cost(std::vector<WorkloadWarning>& out, const std::string& pointer, const std::string& name,
                           double checkpoint_hours, double cost_hours) {
  if (checkpoint_hours <= 0 || cost_hours < checkpoint_hours) return;
  out.push_back(WorkloadWarning{
      "plausibility.checkpoint_cost", pointer + "/checkpoint_cost_hours",
      fmt::format("\"{}\" writes a checkpoint of {:g} h every {:g} h of work: at least half its time goes to "
                  "checkpoints (is checkpoint_cost_hours in minutes? it is in hours)",
                  name, cost_hours, checkpoint_hours)});
}

}  // namespace

std::vector<WorkloadWarning> workload_warnings(const Scenario& s) {
  std::vector<WorkloadWarning> out;
  if (!s.workloads) return out;
  const Workloads& w = *s.workloads;
  for (std::size_t i = 0; i < w.streams.size(); ++i)
    check_checkpoint_cost(out, fmt::format("/workloads/streams/{}", i), w.streams[i].name,
                          w.streams[i].checkpoint_hours, w.streams[i].checkpoint_cost_hours);
  for (std::size_t i = 0; i < w.training.size(); ++i)
    check_checkpoint_cost(out, fmt::format("/workloads/training/{}", i), w.training[i].name,
                          w.training[i].checkpoint_hours, w.training[i].checkpoint_cost_hours);
  for (std::size_t i = 0; i < w.traces.size(); ++i)
    check_checkpoint_cost(out, fmt::format("/workloads/traces/{}", i), w.traces[i].name, w.traces[i].checkpoint_hours,
                          w.traces[i].checkpoint_cost_hours);
  return out;
}

}  // namespace gwsim::detail

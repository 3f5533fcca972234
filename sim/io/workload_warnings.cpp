#include "io/workload_warnings.hpp"

#include <algorithm>

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

// A training run confined to one fabric domain (not multi_domain, not on a
// cluster) whose GPUs (with its standbys) exceed every domain it could ever
// have: racks_per_domain x the largest gpus_per_rack ordered for each of its
// allowed sites (a site without domains holds any run). It never starts.
void check_domain_fit(std::vector<WorkloadWarning>& out, const Scenario& s, std::size_t i) {
  const TrainingRun& t = s.workloads->training[i];
  if (t.multi_domain || t.cluster >= 0) return;
  std::int64_t node_gpus = 1;
  for (const Sku& k : s.skus) node_gpus = std::max<std::int64_t>(node_gpus, k.gpus_per_node);
  const std::int64_t gpus = t.gpus + t.standby_nodes * node_gpus;
  std::int64_t largest = 0;
  for (std::size_t si = 0; si < s.sites.size(); ++si) {
    if (t.site >= 0 && static_cast<std::size_t>(t.site) != si) continue;
    if (s.sites[si].racks_per_domain == 0) return;
    std::int64_t per_rack = 0;
    for (const Order& o : s.orders)
      if (static_cast<std::size_t>(o.site) == si)
        per_rack = std::max<std::int64_t>(per_rack, s.skus[static_cast<std::size_t>(o.sku)].gpus_per_rack);
    largest = std::max(largest, s.sites[si].racks_per_domain * per_rack);
  }
  if (gpus <= largest) return;
  out.push_back(WorkloadWarning{
      "feasibility.fabric_domain", fmt::format("/workloads/training/{}/gpus", i),
      fmt::format("\"{}\" needs {} GPUs within one fabric domain, but no domain of the sites it may use holds more "
                  "than {} (racks_per_domain x gpus_per_rack): it never starts (docs/jobs.md, \"Fabric domains\")",
                  t.name, gpus, largest)});
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
  for (std::size_t i = 0; i < w.training.size(); ++i) check_domain_fit(out, s, i);
  for (std::size_t i = 0; i < w.traces.size(); ++i)
    check_checkpoint_cost(out, fmt::format("/workloads/traces/{}", i), w.traces[i].name, w.traces[i].checkpoint_hours,
                          w.traces[i].checkpoint_cost_hours);
  return out;
}

}  // namespace gwsim::detail

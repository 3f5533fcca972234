#include "jobs/placement.hpp"

#include <algorithm>

namespace gwsim::detail {

std::int64_t Placement::max_free_gpus() const {
  std::int64_t max_free = 0;
  for (const GpuSite& site : sites_.sites()) max_free = std::max(max_free, site.free());
  return max_free;
}

bool Placement::place_on_cluster(std::int64_t gpus, const Cluster& cluster) {
  std::int64_t free = 0;
  for (int m : cluster.sites) free += std::max<std::int64_t>(0, free_at(static_cast<std::size_t>(m)));
  if (free < gpus) return false;
  order_.assign(cluster.sites.begin(), cluster.sites.end());
  std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) {
    return free_at(static_cast<std::size_t>(a)) > free_at(static_cast<std::size_t>(b));
  });
  std::int64_t left = gpus;
  for (int m : order_) {
    const std::int64_t take = std::min(left, free_at(static_cast<std::size_t>(m)));
    if (take <= 0) break;
    plan_.push_back(PlanPart{static_cast<std::uint32_t>(m), take});
    left -= take;
    if (left == 0) break;
  }
  return true;
}

bool Placement::place_training(std::int64_t gpus, const TrainingRun& run, int allowed, int cluster) {
  plan_.clear();
  speed_ = 1.0;
  const Cluster* c = cluster >= 0 ? &clusters_[static_cast<std::size_t>(cluster)] : nullptr;
  // within one domain of one site, at full speed
  const int confined = most_free(gpus, allowed, c, [this](std::size_t i) { return confined_free_at(i); });
  if (confined >= 0) {
    const auto si = static_cast<std::uint32_t>(confined);
    const std::uint32_t domain = sites_.racks().has_domains(si) ? sites_.racks().best_fit_domain(si, gpus) : kAnyDomain;
    plan_.push_back(PlanPart{si, gpus, domain});
    return true;
  }
  // across the domains of one site
  if (run.multi_domain) {
    const int si = most_free(gpus, allowed, c, [this](std::size_t i) { return free_at(i); });
    if (si >= 0) {
      plan_.push_back(PlanPart{static_cast<std::uint32_t>(si), gpus});
      speed_ = run.multi_domain_throughput;
      return true;
    }
  }
  // across the cluster's sites: the cluster's throughput only
  if (c == nullptr || !place_on_cluster(gpus, *c)) return false;
  speed_ = c->throughput;
  return true;
}

}  // namespace gwsim::detail

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

}  // namespace gwsim::detail

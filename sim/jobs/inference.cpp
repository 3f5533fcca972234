#include "jobs/inference.hpp"

#include <algorithm>
#include <limits>

namespace gwsim::detail {

void InferenceService::give_back(GpuSites& sites) {
  std::int64_t excess = serving_ - demand_;
  for (std::size_t i = 0; i < sites.size() && excess > 0; ++i) {
    const std::int64_t give = std::min(excess, sites[i].inference);
    move(sites, i, -give);
    excess -= give;
  }
}

int InferenceService::fullest_with_free(const GpuSites& sites) {
  int best = -1;
  std::int64_t best_free = std::numeric_limits<std::int64_t>::max();
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const std::int64_t free = sites[i].free();
    if (free > 0 && free < best_free) {
      best_free = free;
      best = static_cast<int>(i);
    }
  }
  return best;
}

int InferenceService::most_job_gpus(const GpuSites& sites) {
  int victim_site = -1;
  std::int64_t most = 0;
  for (std::size_t i = 0; i < sites.size(); ++i)
    if (sites[i].job_units() > most) {
      most = sites[i].job_units();
      victim_site = static_cast<int>(i);
    }
  return victim_site;
}

void InferenceService::serve(GpuSites& sites, RandomEngine& rng, JobControl& control) {
  give_back(sites);
  std::int64_t deficit = demand_ - serving_;
  while (deficit > 0) {
    const int best = fullest_with_free(sites);
    if (best < 0) {
      if (!spec_->preempt) break;
      const int victim_site = most_job_gpus(sites);
      if (victim_site < 0) break;
      control.interrupt(sites[static_cast<std::size_t>(victim_site)].draw_job(rng));
      ++preemptions_;
      continue;
    }
    const std::int64_t take = std::min(deficit, sites[static_cast<std::size_t>(best)].free());
    move(sites, static_cast<std::size_t>(best), take);
    deficit -= take;
  }
}

}  // namespace gwsim::detail

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

std::int64_t InferenceService::room(const GpuSites& sites, std::size_t site) const {
  constexpr std::int64_t kAny = std::numeric_limits<std::int64_t>::max();
  if (!spec_->sites.empty() &&
      std::find(spec_->sites.begin(), spec_->sites.end(), static_cast<int>(site)) == spec_->sites.end())
    return 0;
  if (spec_->site_caps.empty() || spec_->site_caps[site] < 0) return kAny;
  return std::max<std::int64_t>(0, spec_->site_caps[site] - sites[site].inference);
}

std::int64_t InferenceService::may_take(const GpuSites& sites, std::size_t site) const {
  const std::int64_t free = res_ ? res_->available(site, res_->inference_holder(), false, false) : sites[site].free();
  return std::min(free, room(sites, site));
}

int InferenceService::fullest_with_free(const GpuSites& sites, bool clear) const {
  int best = -1;
  std::int64_t best_free = std::numeric_limits<std::int64_t>::max();
  for (std::size_t i = 0; i < sites.size(); ++i) {
    if (clear && res_ && res_->idle_of_others(i, res_->inference_holder()) > 0) continue;
    const std::int64_t free = may_take(sites, i);
    if (free > 0 && free < best_free) {
      best_free = free;
      best = static_cast<int>(i);
    }
  }
  return best;
}

int InferenceService::most_job_gpus(const GpuSites& sites) const {
  int victim_site = -1;
  std::int64_t most = 0;
  for (std::size_t i = 0; i < sites.size(); ++i)
    if (sites[i].job_units() > most && room(sites, i) > 0) {
      most = sites[i].job_units();
      victim_site = static_cast<int>(i);
    }
  return victim_site;
}

bool InferenceService::preempt_one(GpuSites& sites, RandomEngine& rng, JobControl& control) {
  if (res_) {
    const bool holds = res_->holds_active(res_->inference_holder());
    for (std::size_t i = 0; i < sites.size() && (spec_->preempt || holds); ++i)
      if (res_->preemptible_gpus(i) > 0 && room(sites, i) > 0) {
        control.interrupt(res_->victim(i));
        ++preemptions_;
        ++preemptible_preemptions_;
        return true;
      }
  }
  if (!spec_->preempt) return false;
  const int victim_site = most_job_gpus(sites);
  if (victim_site < 0) return false;
  const std::uint64_t victim = sites[static_cast<std::size_t>(victim_site)].draw_job(rng);
  if (res_ && res_->holder(victim) != Reservations::kNone &&
      (res_->reserved_run(victim) || res_->holds_active(res_->holder(victim)))) {
    ++refused_;
    return false;
  }
  control.interrupt(victim);
  ++preemptions_;
  return true;
}

void InferenceService::serve(GpuSites& sites, RandomEngine& rng, JobControl& control) {
  give_back(sites);
  std::int64_t deficit = demand_ - serving_;
  while (deficit > 0) {
    int best = res_ ? fullest_with_free(sites, true) : -1;
    if (best < 0) best = fullest_with_free(sites, false);
    if (best < 0) {
      if (!preempt_one(sites, rng, control)) break;
      continue;
    }
    const std::int64_t take = std::min(deficit, may_take(sites, static_cast<std::size_t>(best)));
    move(sites, static_cast<std::size_t>(best), take);
    deficit -= take;
  }
}

}  // namespace gwsim::detail

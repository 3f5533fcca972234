// gwsim/sim/jobs/placement.hpp -- where a queued job could start now.
//
// A GPU job runs at one site: the one it is pinned to, or else the site with
// the most free GPUs among those that fit (the lowest-numbered on a tie),
// which spreads load; O(sites), and sites are few next to racks and jobs. A
// training run declared on a cluster is gang-placed across the cluster's
// sites, taking GPUs from the sites with the most free first (stable on
// ties) until it has enough. A CPU job runs on the CPU pool if its vCPUs fit.
// With reservations (jobs/reservations.hpp), a site's free GPUs are those the
// job may take there (Reservations::available).
#pragma once

#include <cstdint>
#include <vector>

#include "jobs/cpu_pool.hpp"
#include "jobs/gpu_sites.hpp"
#include "jobs/job_table.hpp"
#include "jobs/reservations.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

// Units to take at one place: a GPU site, or the CPU pool (site 0).
struct PlanPart {
  std::uint32_t site;
  std::int64_t units;
  bool operator==(const PlanPart&) const = default;
};

class Placement {
 public:
  // `reservations` null or without any: a site's free GPUs are all free to every job.
  Placement(const GpuSites& sites, const VcpuPool& pool, const std::vector<Cluster>& clusters,
            const Reservations* reservations = nullptr)
      : sites_(sites),
        pool_(pool),
        clusters_(clusters),
        res_(reservations && reservations->any() ? reservations : nullptr) {}

  // The next place(row, run) may count the GPUs of preemptible jobs that its
  // holder would interrupt (Reservations::available's `reclaim`).
  void set_reclaim(bool reclaim) { reclaim_ = reclaim; }

  // Where a job of `resource`, `units`, pinned to `allowed_site` (-1: any)
  // or spanning `cluster` (-1: none) could start now, into plan(); false
  // (and an empty plan) if nowhere.
  bool place(JobResource resource, std::int64_t units, int allowed_site, int cluster) {
    plan_.clear();
    if (resource == JobResource::cpu) {
      if (pool_.free_vcpus() < units) return false;
      plan_.push_back(PlanPart{0, units});
      return true;
    }
    if (cluster >= 0) return place_on_cluster(units, clusters_[static_cast<std::size_t>(cluster)]);
    const int si = best_site(units, allowed_site);
    if (si < 0) return false;
    plan_.push_back(PlanPart{static_cast<std::uint32_t>(si), units});
    return true;
  }
  bool place(const JobRow& row, const JobRun& run) {
    holder_ = res_ ? res_->holder(row.id) : Reservations::kNone;
    preemptible_ = res_ && res_->preemptible(row.id);
    const bool placed = place(row.resource, row.gpus, run.allowed_site, run.cluster);
    holder_ = Reservations::kNone;
    preemptible_ = false;
    return placed;
  }
  // The last successful place(): parts in the order to take them.
  const std::vector<PlanPart>& plan() const { return plan_; }

  // The site with the most free GPUs that fits `gpus` (only `allowed`, if
  // >= 0), or -1.
  int best_site(std::int64_t gpus, int allowed) const {
    if (allowed >= 0) return free_at(static_cast<std::size_t>(allowed)) >= gpus ? allowed : -1;
    int best = -1;
    std::int64_t best_free = gpus - 1;
    for (std::size_t i = 0; i < sites_.size(); ++i) {
      const std::int64_t free = free_at(i);
      if (free > best_free) {
        best_free = free;
        best = static_cast<int>(i);
      }
    }
    return best;
  }
  // The most free GPUs at one site (0 when none is free).
  std::int64_t max_free_gpus() const;

 private:
  // GPUs at `site` the job being placed may take.
  std::int64_t free_at(std::size_t site) const {
    return res_ ? res_->available(site, holder_, preemptible_, reclaim_) : sites_[site].free();
  }
  bool place_on_cluster(std::int64_t gpus, const Cluster& cluster);

  const GpuSites& sites_;
  const VcpuPool& pool_;
  const std::vector<Cluster>& clusters_;
  const Reservations* res_;
  int holder_ = Reservations::kNone;  // of the job being placed
  bool preemptible_ = false;
  bool reclaim_ = false;
  std::vector<PlanPart> plan_;
  std::vector<int> order_;  // scratch: a cluster's sites, most free first
};

}  // namespace gwsim::detail

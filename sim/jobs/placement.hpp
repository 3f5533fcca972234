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
//
// Fabric domains (docs/jobs.md, "Fabric domains"): a training run (not a
// stream or trace job) at a site with domains must lie within one domain.
// It goes to the site whose largest free domain is largest among those
// that fit it (the rule above, applied to that domain; a site without
// domains counts as one domain), within it to the best-fit domain (the
// fewest free GPUs that fit; the lowest index on a tie), at full speed.
// Else, if declared multi_domain, it may span one site's domains (the rule
// above) at its multi_domain throughput; else, on a cluster, it spans the
// cluster's sites as above at the cluster's throughput (that factor only).
#pragma once

#include <algorithm>
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
  std::uint32_t domain = kAnyDomain;  // a fabric domain of the site the part must lie in
  bool operator==(const PlanPart&) const = default;
};

class Placement {
 public:
  // `reservations` null or without any: a site's free GPUs are all free to every job.
  // `training` (null: none) says which training runs may span domains.
  Placement(const GpuSites& sites, const VcpuPool& pool, const std::vector<Cluster>& clusters,
            const Reservations* reservations = nullptr, const std::vector<TrainingRun>* training = nullptr)
      : sites_(sites),
        pool_(pool),
        clusters_(clusters),
        res_(reservations && reservations->any() ? reservations : nullptr),
        training_(training) {}

  // The next place(row, run) may count the GPUs of preemptible jobs that its
  // holder would interrupt (Reservations::available's `reclaim`).
  void set_reclaim(bool reclaim) { reclaim_ = reclaim; }

  // Where a job of `resource`, `units`, pinned to `allowed_site` (-1: any)
  // or spanning `cluster` (-1: none) could start now, into plan(); false
  // (and an empty plan) if nowhere.
  bool place(JobResource resource, std::int64_t units, int allowed_site, int cluster) {
    plan_.clear();
    speed_ = 1.0;
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
    const bool placed = row.kind == JobSource::training && training_ != nullptr && row.resource == JobResource::gpu
                            ? place_training(row.gpus, (*training_)[row.source], run.allowed_site, run.cluster)
                            : place(row.resource, row.gpus, run.allowed_site, run.cluster);
    holder_ = Reservations::kNone;
    preemptible_ = false;
    return placed;
  }
  // The last successful place(): parts in the order to take them.
  const std::vector<PlanPart>& plan() const { return plan_; }
  // Its speed as a share of full speed (a throughput factor; 1 within one domain).
  double plan_speed() const { return speed_; }

  // The site with the most free GPUs that fits `gpus` (only `allowed`, if
  // >= 0), or -1.
  int best_site(std::int64_t gpus, int allowed) const {
    return most_free(gpus, allowed, nullptr, [this](std::size_t i) { return free_at(i); });
  }
  // The most free GPUs at one site (0 when none is free).
  std::int64_t max_free_gpus() const;

 private:
  // GPUs at `site` the job being placed may take.
  std::int64_t free_at(std::size_t site) const {
    return res_ ? res_->available(site, holder_, preemptible_, reclaim_) : sites_[site].free();
  }
  bool place_on_cluster(std::int64_t gpus, const Cluster& cluster);
  bool place_training(std::int64_t gpus, const TrainingRun& run, int allowed, int cluster);
  // GPUs at `site` a run confined to one domain may take: in its largest free domain.
  std::int64_t confined_free_at(std::size_t site) const {
    const std::int64_t free = free_at(site);
    const auto si = static_cast<std::uint32_t>(site);
    return sites_.racks().has_domains(si) ? std::min(free, sites_.racks().largest_free_domain(si)) : free;
  }
  // Of the candidate sites (`allowed` if >= 0, else the cluster's sites, else
  // all), the first with the most `free_of(site)` that fits `gpus`, or -1.
  template <class FreeOf>
  int most_free(std::int64_t gpus, int allowed, const Cluster* cluster, FreeOf free_of) const {
    if (allowed >= 0) return free_of(static_cast<std::size_t>(allowed)) >= gpus ? allowed : -1;
    int best = -1;
    std::int64_t best_free = gpus - 1;
    const auto consider = [&](std::size_t i) {
      const std::int64_t free = free_of(i);
      if (free > best_free) {
        best_free = free;
        best = static_cast<int>(i);
      }
    };
    if (cluster != nullptr)
      for (int m : cluster->sites) consider(static_cast<std::size_t>(m));
    else
      for (std::size_t i = 0; i < sites_.size(); ++i) consider(i);
    return best;
  }

  const GpuSites& sites_;
  const VcpuPool& pool_;
  const std::vector<Cluster>& clusters_;
  const Reservations* res_;
  const std::vector<TrainingRun>* training_;
  double speed_ = 1.0;                // of the plan
  int holder_ = Reservations::kNone;  // of the job being placed
  bool preemptible_ = false;
  bool reclaim_ = false;
  std::vector<PlanPart> plan_;
  std::vector<int> order_;  // scratch: a cluster's sites, most free first
};

}  // namespace gwsim::detail

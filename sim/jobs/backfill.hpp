// gwsim/sim/jobs/backfill.hpp -- EASY backfilling (Lifka 1995; Mu'alem and
// Feitelson 2001).
//
// The head of the queue gets a reservation: the earliest instant at which
// enough units free up in one group it may use (its site, any single site,
// its cluster's sites, or the CPU pool), walking the running jobs' expected
// ends in order (exact here: durations are known). Jobs behind it, up to
// `depth` of them per pass, start now if they fit and either end by the
// reservation or use only units the head will not need (the reservation's
// extra units in its group, or units elsewhere).
//
// With reservations (jobs/reservations.hpp) the walk counts what the head may
// take at each site (Reservations::available's closed form), not the raw free
// units: an ending job frees its units, less those it had credited to others'
// active reservations (they become idle reserved GPUs, closed to the head),
// and a preemptible job's end lowers the GPUs that sit on reserved ones.
// Reservations that start or end before the shadow are not looked ahead.
#pragma once

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "jobs/job_control.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/job_table.hpp"
#include "jobs/placement.hpp"
#include "jobs/reservations.hpp"

namespace gwsim::detail {

class Backfill {
 public:
  // `reservations` null or without any: the walk counts raw free units.
  Backfill(const GpuSites& sites, const VcpuPool& pool, const std::vector<Cluster>& clusters, int depth,
           const Reservations* reservations = nullptr)
      : sites_(sites),
        pool_(pool),
        clusters_(clusters),
        depth_(depth),
        res_(reservations && reservations->any() ? reservations : nullptr) {}

  // One pass at `now` over the queue behind its (blocked) head; starts the
  // jobs it may through `control` (on `placement`'s plan).
  void pass(Tick now, const JobQueue& queue, const JobTable& table, Placement& placement, JobControl& control);

  // The reservation of the last pass: when (max Tick: none), the units free
  // then beyond the head's need, and its group.
  Tick reserved_at() const { return at_; }
  std::int64_t extra_units() const { return extra_; }

 private:
  // Sets the reservation of job `head` (at_, extra_, the group).
  void reserve(const JobRow& head, const JobRun& run);
  // Lowers the reservation to the first instant before it at which `need`
  // units are free among `group`; true if it did.
  bool try_group(const std::vector<const Capacity*>& group, std::int64_t need);
  // try_group() on the GPU sites `group` (indices into sites_) for a job of
  // holder `h` (preemptible or not), by what it may take under reservations.
  bool try_reserved(const std::vector<const Capacity*>& group, std::int64_t need, int h, bool preemptible);
  // The cursor whose next end is the earliest (cursors_.size() when all are done).
  std::size_t earliest_cursor() const;
  bool try_sites(const std::vector<const Capacity*>& group, std::int64_t need) {
    return res_ && resource_ == JobResource::gpu ? try_reserved(group, need, holder_, preemptible_)
                                                 : try_group(group, need);
  }
  // Units of `plan` (of `resource`) in the reservation's group.
  std::int64_t units_in_group(JobResource resource, const std::vector<PlanPart>& plan) const {
    if (resource != resource_) return 0;
    std::int64_t n = 0;
    for (const PlanPart& p : plan) n += resource == JobResource::cpu || in_group_[p.site] ? p.units : 0;
    return n;
  }

  const GpuSites& sites_;
  const VcpuPool& pool_;
  const std::vector<Cluster>& clusters_;
  int depth_;
  const Reservations* res_;
  int holder_ = Reservations::kNone;  // of the head
  bool preemptible_ = false;
  Tick at_ = std::numeric_limits<Tick>::max();
  std::int64_t extra_ = 0;
  JobResource resource_ = JobResource::gpu;  // of the head
  std::vector<char> in_group_;               // by GPU site (the CPU pool: the whole pool)
  // scratch
  std::vector<const Capacity*> group_;
  std::vector<std::pair<Capacity::Ends::const_iterator, Capacity::Ends::const_iterator>> cursors_;
  struct SiteState {
    std::int64_t free, lent, idle_others, avail;
  };
  std::vector<SiteState> state_;
};

}  // namespace gwsim::detail

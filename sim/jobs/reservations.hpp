// gwsim/sim/jobs/reservations.hpp -- capacity promised to one holder
// (docs/jobs.md, "Reservations"): GPUs at named sites, or a share of a
// cluster's GPUs up, from a date to a date, for a training run, for
// inference or for a tenant.
//
// Only counts are kept, per reservation and site: the GPUs reserved, those
// its holder uses there (credited when a holder job starts, debited when it
// releases), and per site the GPUs held by running preemptible jobs (which
// may sit on reserved GPUs nobody uses, and yield them). What a job may take
// at a site is a closed form of these counts: O(reservations at the site).
// Nothing here scans jobs or racks.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <unordered_map>
#include <vector>

#include "jobs/gpu_sites.hpp"
#include "jobs/job_table.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

class Reservations {
 public:
  static constexpr int kNone = -1;  // a job holding no reservation

  Reservations(const Workloads& w, const GpuSites& sites);

  bool any() const { return !spec_.empty(); }
  std::size_t size() const { return spec_.size(); }
  // Reservation `r` starts (true) or ends (false). At its start, its holder's
  // jobs already running at its sites are credited to it (up to what it
  // reserves there): O(jobs running at its sites), once per reservation.
  void set_active(std::size_t r, bool active);
  bool active(std::size_t r) const { return active_[r] != 0; }

  // Job `id` was submitted as `job` (in order of ids): its holder and whether it is preemptible.
  void submitted(std::uint64_t id, const NewJob& job);
  int holder(std::uint64_t id) const { return id < holder_.size() ? holder_[id] : kNone; }
  bool preemptible(std::uint64_t id) const { return id < preemptible_.size() && preemptible_[id] != 0; }
  int inference_holder() const { return inference_holder_; }
  // Whether holder `h` holds a reservation active now.
  bool holds_active(int h) const;
  // Tenant holders are numbered tenant_base() .. tenant_base() + tenants() - 1.
  int tenant_base() const { return static_cast<int>(w_.training.size()); }
  std::size_t tenants() const { return tenants_.size(); }
  // The sites of the reservations of holder `h` (each once, in site order).
  std::vector<std::size_t> sites_of(int h) const;
  // A training run holding a reservation (active or not) whose job is `id`.
  bool reserved_run(std::uint64_t id) const;

  // GPUs reserved by `r` at `site` now, and used there by its holder.
  std::int64_t reserved(std::size_t r, std::size_t site) const;
  std::int64_t used(std::size_t r, std::size_t site) const;
  // Reserved GPUs at `site` that no holder but `h` uses (active reservations of others).
  std::int64_t idle_of_others(std::size_t site, int h) const;
  // Reserved GPUs at `site` of holder `h`'s active reservations that it does not use.
  std::int64_t idle_own(std::size_t site, int h) const;
  // Whether any reservation touches `site`.
  bool touches(std::size_t site) const { return !at_site_[site].empty(); }
  // GPUs job `id` has credited at `site` to active reservations of holders other than `h`.
  std::int64_t credited_to_others(std::uint64_t id, std::size_t site, int h) const;
  // GPUs held by running preemptible jobs at `site`.
  std::int64_t preemptible_gpus(std::size_t site) const { return lent_[site]; }

  // Free GPUs at `site` a job of holder `h` may take: a preemptible job, all
  // the free ones; another, the free ones less the idle GPUs others reserved
  // (preemptible jobs count as sitting on those first); with `reclaim`, a
  // holder also counts the GPUs of preemptible jobs it would interrupt.
  std::int64_t available(std::size_t site, int h, bool preemptible, bool reclaim) const;
  // available()'s closed form without reclaim, from a site's free GPUs, the
  // GPUs of preemptible jobs there and the idle GPUs reserved for others.
  static std::int64_t available_of(std::int64_t free, std::int64_t lent, std::int64_t idle_others, bool preemptible) {
    const std::int64_t avail = preemptible ? free : free - std::max<std::int64_t>(0, idle_others - lent);
    return std::max<std::int64_t>(0, avail);
  }
  // Whether a holder `h` must interrupt preemptible jobs at `site` to take `gpus` there now.
  bool must_reclaim(std::size_t site, int h, std::int64_t gpus) const;
  // The preemptible job at `site` to interrupt first (the latest submitted); it must have one.
  std::uint64_t victim(std::size_t site) const { return *running_lent_[site].rbegin(); }

  // Job `id` started on `parts` / releases them.
  void started(std::uint64_t id, const std::vector<JobRun::Part>& parts);
  void released(std::uint64_t id, const std::vector<JobRun::Part>& parts);

 private:
  struct Credit {
    std::size_t r;
    std::size_t site;
    std::int64_t gpus;
  };
  const Workloads& w_;
  const GpuSites& sites_;
  std::vector<Reservation> spec_;
  std::vector<int> holder_of_;                     // by reservation
  std::vector<char> active_;                       // by reservation
  std::vector<std::vector<std::int64_t>> used_;    // by reservation, by site
  std::vector<std::vector<std::size_t>> at_site_;  // reservations touching each site
  std::vector<std::string> tenants_;               // holder ids training.size() + i
  int inference_holder_ = kNone;
  std::vector<int> holder_;        // by job (empty without reservations)
  std::vector<char> preemptible_;  // by job
  // Credits job `id` at `site` to r, up to `units` less what it has credited there already.
  void credit(std::uint64_t id, std::size_t r, std::size_t site, std::int64_t units);
  const std::vector<int>& members(std::size_t r) const {
    return spec_[r].cluster >= 0 ? w_.clusters[static_cast<std::size_t>(spec_[r].cluster)].sites : spec_[r].sites;
  }

  std::vector<std::int64_t> lent_;                                  // by site: GPUs of running preemptible jobs
  std::vector<std::set<std::uint64_t>> running_lent_;               // by site: those jobs
  std::unordered_map<std::uint64_t, std::vector<Credit>> credits_;  // running holder jobs
};

}  // namespace gwsim::detail

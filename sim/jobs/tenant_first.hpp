// gwsim/sim/jobs/tenant_first.hpp -- a tenant's queued jobs start on its
// idle reserved GPUs ahead of the queue (docs/jobs.md, "Reservations").
//
// Per tenant holding a reservation, the queue keys of its queued GPU jobs, in
// queue order. When the tenant has an active reservation, its jobs start in
// that order, each at a site where it fits in the tenant's idle reserved GPUs
// (Reservations::idle_own less the GPUs of preemptible jobs there, which sit on
// reserved GPUs first; and no more than the tenant may take there); the first
// that fits nowhere ends the pass. Taking only GPUs no one else may use, these
// jobs delay no one. O(jobs started + 1) per tenant per dispatch; jobs of
// tenants without a reservation are not indexed.
#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include "jobs/job_control.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/job_table.hpp"
#include "jobs/placement.hpp"
#include "jobs/reservations.hpp"

namespace gwsim::detail {

class TenantFirst {
 public:
  explicit TenantFirst(const Reservations& res);

  // Job `id` (a GPU job: `gpu`) entered the queue at `key` / leaves it (it starts).
  void queued(std::uint64_t id, const JobQueue::Key& key, bool gpu) {
    if (const int t = tenant(id); t >= 0 && gpu) waiting_ += queued_[static_cast<std::size_t>(t)].insert(key).second;
  }
  void dequeued(std::uint64_t id, const JobQueue::Key& key) {
    if (const int t = tenant(id); t >= 0) waiting_ -= queued_[static_cast<std::size_t>(t)].erase(key);
  }
  bool waiting() const { return waiting_ > 0; }

  // Starts through `control` the jobs of tenants with idle reserved GPUs that fit in them.
  void pass(JobTable& table, Placement& placement, JobControl& control);

 private:
  // The tenant (0-based) of job `id`, -1 if it is no tenant holding a reservation.
  int tenant(std::uint64_t id) const {
    const int h = res_.holder(id) - res_.tenant_base();
    return h >= 0 && static_cast<std::size_t>(h) < queued_.size() ? h : -1;
  }
  // The site of `sites` where tenant holder `h`'s job of `gpus` fits its idle reserved GPUs; -1: none.
  int site_for(const std::vector<std::size_t>& sites, int h, std::int64_t gpus, int allowed, bool preemptible) const;

  const Reservations& res_;
  std::vector<std::set<JobQueue::Key>> queued_;  // by tenant
  std::vector<std::vector<std::size_t>> sites_;  // by tenant: the sites of its reservations
  std::size_t waiting_ = 0;
};

}  // namespace gwsim::detail

// gwsim/sim/jobs/job_queue.hpp -- the jobs waiting to start, in the order a
// QueuePolicy (jobs/policy.hpp) gives them.
//
// One queue for GPU and CPU jobs. A job entering it (on submission, or again
// after an interruption) gets its rank from the policy; equal ranks keep
// the order of entry. O(log jobs) per push and erase.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <tuple>
#include <utility>

#include "core/time.hpp"
#include "jobs/policy.hpp"

namespace gwsim::detail {

class JobQueue {
 public:
  using Key = std::tuple<std::int64_t, std::uint64_t, std::uint64_t>;  // (rank, sequence of entry, job)
  using Entries = std::set<Key>;
  using Position = Entries::iterator;

  explicit JobQueue(std::unique_ptr<QueuePolicy> policy) : policy_(std::move(policy)) {}

  // Queues `job` at the rank the policy gives it now; `gpus` counts in
  // queued_gpus() (0 for a CPU job).
  Position push(std::uint64_t job, int priority, std::uint32_t tenant, bool interrupted, Tick now, std::int64_t gpus);
  // Takes the job at `pos` out of the queue (it starts); `gpus` as in push().
  void erase(Position pos, std::int64_t gpus);

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  std::uint64_t head() const { return std::get<2>(*entries_.begin()); }
  // In queue order (job: std::get<2>).
  const Entries& entries() const { return entries_; }
  // GPUs asked for by the queued GPU jobs.
  std::int64_t queued_gpus() const { return queued_gpus_; }

  // Whether the policy lets jobs behind a blocked head start (EASY).
  bool backfills() const { return policy_->backfills(); }
  // A run of `tenant` released what it held for `unit_hours` (for fair share).
  void used(std::uint32_t tenant, double unit_hours, Tick now) { policy_->used(tenant, unit_hours, now); }

 private:
  std::unique_ptr<QueuePolicy> policy_;
  Entries entries_;
  std::uint64_t seq_ = 0;
  std::int64_t queued_gpus_ = 0;
};

}  // namespace gwsim::detail

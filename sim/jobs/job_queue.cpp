#include "jobs/job_queue.hpp"

namespace gwsim::detail {

JobQueue::Position JobQueue::push(std::uint64_t job, int priority, std::uint32_t tenant, bool interrupted, Tick now,
                                  std::int64_t gpus) {
  const std::int64_t rank = policy_->rank(priority, tenant, interrupted, now);
  const Position pos = entries_.insert(Key{rank, seq_++, job}).first;
  queued_gpus_ += gpus;
  return pos;
}

void JobQueue::erase(Position pos, std::int64_t gpus) {
  entries_.erase(pos);
  queued_gpus_ -= gpus;
}

}  // namespace gwsim::detail

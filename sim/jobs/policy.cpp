#include "jobs/policy.hpp"

#include <limits>
#include <vector>

namespace gwsim {
namespace detail {
namespace {

// Submission order; an interrupted job goes back to the front.
class Fifo final : public QueuePolicy {
 public:
  std::int64_t rank(int, std::uint32_t, bool interrupted) const override { return interrupted ? 0 : 1; }
};

// Higher priority first; within a priority, interrupted jobs first, then submission order.
class PriorityOrder : public QueuePolicy {
 public:
  std::int64_t rank(int priority, std::uint32_t, bool interrupted) const override {
    return -2 * static_cast<std::int64_t>(priority) + (interrupted ? 0 : 1);
  }
};

// Priority order with EASY backfilling (Lifka 1995).
class EasyBackfill final : public PriorityOrder {
 public:
  bool backfills() const override { return true; }
};

// Lightest tenant first, by GPU-hours used at submission (a static
// approximation of Slurm's fair-share factor: no decay, equal shares).
class FairShare final : public QueuePolicy {
 public:
  std::int64_t rank(int, std::uint32_t tenant, bool interrupted) const override {
    if (interrupted) return std::numeric_limits<std::int64_t>::min();
    return tenant < usage_.size() ? static_cast<std::int64_t>(usage_[tenant]) : 0;
  }
  void used(std::uint32_t tenant, double gpu_hours) override {
    if (usage_.size() <= tenant) usage_.resize(tenant + 1, 0.0);
    usage_[tenant] += gpu_hours;
  }

 private:
  std::vector<double> usage_;
};

}  // namespace
}  // namespace detail

std::unique_ptr<QueuePolicy> make_policy(Policy policy) {
  switch (policy) {
    case Policy::fifo: return std::make_unique<detail::Fifo>();
    case Policy::priority: return std::make_unique<detail::PriorityOrder>();
    case Policy::easy_backfill: return std::make_unique<detail::EasyBackfill>();
    case Policy::fair_share: return std::make_unique<detail::FairShare>();
  }
  return std::make_unique<detail::Fifo>();
}

}  // namespace gwsim

#include "jobs/policy.hpp"

#include <cmath>
#include <limits>
#include <vector>

namespace gwsim {
namespace detail {
namespace {

// Submission order; an interrupted job goes back to the front.
class Fifo final : public QueuePolicy {
 public:
  std::int64_t rank(int, std::uint32_t, bool interrupted, Tick) const override { return interrupted ? 0 : 1; }
};

// Higher priority first; within a priority, interrupted jobs first, then submission order.
class PriorityOrder : public QueuePolicy {
 public:
  std::int64_t rank(int priority, std::uint32_t, bool interrupted, Tick) const override {
    return -2 * static_cast<std::int64_t>(priority) + (interrupted ? 0 : 1);
  }
};

// Priority order with EASY backfilling (Lifka 1995).
class EasyBackfill final : public PriorityOrder {
 public:
  bool backfills() const override { return true; }
};

// Lightest tenant first, by GPU-hours used, decayed with a half-life (as
// Slurm's PriorityDecayHalfLife), evaluated when the job is queued: equal
// shares, and jobs already queued keep their rank.
class FairShare final : public QueuePolicy {
 public:
  explicit FairShare(double half_life_hours) : half_life_hours_(half_life_hours) {}
  std::int64_t rank(int, std::uint32_t tenant, bool interrupted, Tick now) const override {
    if (interrupted) return std::numeric_limits<std::int64_t>::min();
    return tenant < usage_.size() ? static_cast<std::int64_t>(decayed(usage_[tenant], now)) : 0;
  }
  void used(std::uint32_t tenant, double gpu_hours, Tick now) override {
    if (usage_.size() <= tenant) usage_.resize(tenant + 1);
    Usage& u = usage_[tenant];
    u.gpu_hours = decayed(u, now) + gpu_hours;
    u.at = now;
  }

 private:
  struct Usage {
    double gpu_hours = 0;
    Tick at = 0;
  };
  double decayed(const Usage& u, Tick now) const {
    return u.gpu_hours * std::exp2(-to_hours(now - u.at) / half_life_hours_);
  }
  double half_life_hours_;
  std::vector<Usage> usage_;
};

}  // namespace
}  // namespace detail

std::unique_ptr<QueuePolicy> make_policy(const Workloads& workloads) {
  switch (workloads.policy) {
    case Policy::fifo: return std::make_unique<detail::Fifo>();
    case Policy::priority: return std::make_unique<detail::PriorityOrder>();
    case Policy::easy_backfill: return std::make_unique<detail::EasyBackfill>();
    case Policy::fair_share: return std::make_unique<detail::FairShare>(workloads.fair_share_half_life_days * 24.0);
  }
  return std::make_unique<detail::Fifo>();
}

}  // namespace gwsim

#include "model/bottleneck.hpp"

#include <algorithm>

namespace gwsim {

std::string bottleneck(const BuildoutSummary& sum) {
  const double power = sum.stranded_no_power_gpu_days;
  const double slot = sum.stranded_no_slot_gpu_days;
  const double crew = sum.waiting_crew_gpu_days;
  // 1% of a GPU-week (7 days) per ordered GPU
  if (std::max({power, slot, crew}) < 7.0 * static_cast<double>(sum.gpus_ordered) * 0.01) return "deliveries";
  if (power >= slot && power >= crew) return "power";
  if (slot >= crew) return "construction";
  return "install crews";
}

}  // namespace gwsim

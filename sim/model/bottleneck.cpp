#include "model/bottleneck.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace gwsim {
namespace {

// "power" or "power (<cause>)": the largest cause, if above what no cause explains.
std::string power_verdict(const BuildoutSummary& sum, double power) {
  const std::array<std::pair<const char*, double>, 4> causes = {{
      {"interconnection", sum.stranded_interconnection_gpu_days},
      {"equipment", sum.stranded_equipment_gpu_days},
      {"on-site outage", sum.generation.stranded_onsite_outage_gpu_days},
      {"curtailment", sum.generation.stranded_curtailment_gpu_days},
  }};
  double explained = 0;
  const std::pair<const char*, double>* top = &causes[0];
  for (const auto& c : causes) {
    explained += c.second;
    if (c.second > top->second) top = &c;
  }
  const double rest = power - explained;
  if (top->second > 0 && top->second > rest) return std::string("power (") + top->first + ")";
  return "power";
}

}  // namespace

std::string bottleneck(const BuildoutSummary& sum) {
  const double power = sum.stranded_no_power_gpu_days + sum.generation.stranded_onsite_outage_gpu_days +
                       sum.generation.stranded_curtailment_gpu_days;
  const double slot = sum.stranded_no_slot_gpu_days;
  const double crew = sum.waiting_crew_gpu_days;
  // 1% of a GPU-week (7 days) per ordered GPU
  if (std::max({power, slot, crew}) < 7.0 * static_cast<double>(sum.gpus_ordered) * 0.01) return "deliveries";
  if (power >= slot && power >= crew) return power_verdict(sum, power);
  if (slot >= crew) {
    const double building = sum.stranded_construction_gpu_days;
    return building > slot - building ? "construction (buildings being built)" : "construction";
  }
  return "install crews";
}

}  // namespace gwsim

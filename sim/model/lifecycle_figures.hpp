// gwsim/sim/model/lifecycle_figures.hpp -- what the fleet lifecycle
// (model/lifecycle.hpp, docs/money.md "Fleet lifecycle") reports at the end of
// a run: plain values, one member of BuildoutSummary. `used` is false without
// a scenario `lifecycle`.
#pragma once

#include <cstdint>
#include <vector>

#include "core/time.hpp"

namespace gwsim {

// One SKU's racks in service at the end of one day (fleet_mix.csv).
struct FleetMixRow {
  std::int64_t day = 0;   // days since the scenario's start
  std::uint32_t sku = 0;  // index into Scenario::skus
  std::int64_t racks = 0;
  std::int64_t gpus_up = 0;
  double h100e = 0;  // gpus_up x the SKU's H100 equivalents per GPU
};

struct LifecycleFigures {
  bool used = false;
  std::int64_t racks_retired = 0;    // by the lifecycle: end of life and refresh policies
  std::int64_t racks_refreshed = 0;  // of those, retired by a refresh policy
  std::int64_t racks_reordered = 0;  // racks the refresh policies ordered in their place
  std::int64_t gpus_retired = 0;
  double resale_usd = 0;                    // resale_share x capex of the owned racks retired
  std::vector<double> h100e_by_sku_at_end;  // index as Scenario::skus: H100 equivalents up at the end
  std::vector<FleetMixRow> fleet_mix;       // per day, per SKU with racks in service
};

}  // namespace gwsim

// gwsim/sim/model/summary.hpp -- what the buildout model reports at the end
// of a run: plain values, assembled by Buildout::summary() from its
// components (docs/model.md says what each figure means).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace gwsim {

struct ContractSpend {
  std::string name;
  std::string provider;
  double total_usd = 0;
  double committed_usd = 0;
  double used_usd = 0;
  double paid_usd = 0;
};

// Racks of one SKU at one site, through the pipeline (at the end of the horizon).
struct SiteSkuCount {
  std::uint32_t site = 0;  // index into Scenario::sites
  std::uint32_t sku = 0;   // index into Scenario::skus
  std::int64_t racks_ordered = 0;
  std::int64_t racks_delivered = 0;
  std::int64_t racks_in_service = 0;  // passed burn-in (racks with failed GPUs still count)
  std::int64_t gpus_up = 0;           // GPUs of those racks that are up (not failed or in repair)
};

// A scenario milestone at the end of a run (docs/scenarios.md, "Milestones").
struct MilestoneOutcome {
  std::optional<Tick> reached;  // the first instant its metric reached the target; nullopt: not by the horizon
  double value_at_end = 0;      // the metric at the end (1 for a finished training run), in the target's unit
  double target = 0;            // the threshold as an absolute amount (a fraction resolved)
  // Why an unreached milestone was not reached, for the reader; empty when not
  // explained (the model leaves it empty; an explainer may fill it in).
  std::string explanation;
};

struct BuildoutSummary {
  std::int64_t racks_ordered = 0;
  std::int64_t gpus_ordered = 0;
  std::int64_t racks_in_service = 0;  // at the end of the horizon
  std::int64_t gpus_in_service = 0;   // up GPUs at the end
  // First instants when 50%, 90%, 100% of ordered racks were in service (ticks).
  std::optional<Tick> in_service_50pct, in_service_90pct, in_service_100pct;
  double stranded_no_power_gpu_days = 0;  // delivered, waiting for energized power
  double stranded_no_slot_gpu_days = 0;   // delivered, waiting for a rack slot (construction)
  double waiting_crew_gpu_days = 0;       // delivered, power and slot available, no free crew
  double in_transit_gpu_days = 0;
  double energy_mwh = 0;
  double energy_cost_usd = 0;
  double capex_usd = 0;
  double peak_facility_mw = 0;
  double peak_it_mw = 0;
  std::int64_t failures = 0;
  std::int64_t repairs = 0;
  std::int64_t burn_in_failures = 0;
  double failed_gpu_days = 0;  // GPUs down for repair, integrated
  std::vector<ContractSpend> contracts;
  // One entry per (site, SKU) pair that has orders, ordered by site then SKU.
  std::vector<SiteSkuCount> by_site_sku;
  // Energized power per site at the end, in MW (index as Scenario::sites).
  std::vector<double> site_energized_mw;
  // One per Scenario::milestones, in order.
  std::vector<MilestoneOutcome> milestones;
  std::uint64_t events = 0;
};

}  // namespace gwsim

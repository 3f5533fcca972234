// gwsim/sim/model/summary.hpp -- what the buildout model reports at the end
// of a run: plain values, assembled by Buildout::summary() from its
// components (docs/model.md says what each figure means).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "model/lifecycle_figures.hpp"
#include "model/money_figures.hpp"

namespace gwsim {

struct ContractSpend {
  std::string name;
  std::string provider;
  double total_usd = 0;
  double committed_usd = 0;
  double used_usd = 0;
  double paid_usd = 0;
};

// A contract's figures beyond its spend (docs/money.md, "Contracts"; index as
// Scenario::contracts): GPU-hours committed by its ramp and delivered within
// its term, the take-or-pay exposure (paid for committed GPU-hours not
// delivered), the late-delivery credit, and total_usd per committed GPU-hour.
struct ContractFigures {
  double committed_gpu_hours = 0;
  double delivered_gpu_hours = 0;
  double exposure_usd = 0;
  double credit_usd = 0;
  double implied_usd_per_gpu_hour = 0;
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

// What the rack at the head of a site's install queue waits for (the first
// missing one, in this order; model/admission.hpp).
enum class InstallWait : std::uint8_t { none, power, slot, crew };

// Racks of one site not in service at the end of the horizon, where they are
// and what holds them (one entry per site with such racks). Exact counts:
// racks_not_in_service is the sum of the five stages.
struct SiteShortfall {
  std::uint32_t site = 0;                 // index into Scenario::sites
  std::int64_t racks_not_in_service = 0;  // ordered less in service
  std::int64_t racks_not_shipped = 0;     // their (slipped) ship date is after the end
  std::int64_t racks_in_transit = 0;
  std::int64_t racks_queued = 0;                    // delivered, waiting in the install queue
  std::int64_t racks_installing = 0;                // a crew is installing them
  std::int64_t racks_in_burn_in = 0;                // installed, in burn-in (or reworking a failed one)
  InstallWait queue_waits_for = InstallWait::none;  // the head of the install queue (racks_queued > 0)
  std::optional<Tick> next_ship;                    // the earliest ship date of the racks not shipped
  // The power check: the next rack needs reserved_mw + next_rack_mw <= energized_mw (facility MW).
  double energized_mw = 0, reserved_mw = 0, next_rack_mw = 0;
  std::int64_t slots_ready = 0, slots_used = 0;  // rack slots of the buildings ready by the end
  int crews = 0;                                 // install crews (all busy when it waits for a crew)
  bool operator==(const SiteShortfall&) const = default;
};

// A scenario milestone at the end of a run (docs/scenarios.md, "Milestones").
struct MilestoneOutcome {
  std::optional<Tick> reached;  // the first instant its metric reached the target; nullopt: not by the horizon
  double value_at_end = 0;      // the metric at the end (1 for a finished training run), in the target's unit
  double target = 0;            // the threshold as an absolute amount (a fraction resolved)
};

// Figures of the reliability features of docs/model.md (lemons, the cordon
// rule and lemon policy, two-stage repair, replayed failures); all 0 when
// none is used.
struct ReliabilityFigures {
  std::int64_t lemon_racks = 0;           // racks drawn lemons on entering service
  std::int64_t failures_from_lemons = 0;  // failures of lemon racks (in `failures`)
  std::int64_t racks_cordoned = 0;        // times a rack was cordoned (rule or policy)
  std::int64_t racks_retired = 0;         // racks retired by the lemon policy
  std::int64_t repairs_automated = 0;     // automated stages done
  std::int64_t repairs_manual = 0;        // manual stages done
  std::int64_t repairs_not_fixed = 0;     // stages that did not fix the fault (each a refailure)
  std::int64_t replayed = 0;              // replayed failures applied
  std::int64_t replay_skipped = 0;        // replayed failures skipped (rack not in service, or retired)
};

// Prices and carbon (docs/power.md, "Prices and carbon"; model/energy_prices.hpp);
// all 0 and used false when the scenario has no dated prices, carbon intensities
// or embodied carbon.
struct PriceFigures {
  bool used = false;
  double capacity_cost_usd = 0;  // capacity charges, all sites
  double grid_tco2 = 0;          // facility energy x grid carbon intensity in force
  double embodied_tco2 = 0;      // embodied carbon of the racks delivered
};

// On-site generation (docs/power.md, "On-site generation, batteries and the
// power ledger"; model/generation.hpp, model/load_shed.hpp); all 0 and used
// false when no site has generation.
struct GenerationFigures {
  bool used = false;
  double bridge_energy_mwh = 0;                // facility energy generated on site
  double bridge_fuel_usd = 0;                  // its fuel cost
  double bridge_tco2 = 0;                      // its emissions
  double generation_capex_usd = 0;             // every unit's MW x capex per kW
  double stranded_onsite_outage_gpu_days = 0;  // GPUs of racks held for want of power
  // GPU-days of racks held for a curtailment window (docs/power.md, "Curtailment"); read by
  // bottleneck(); 0 while no curtailment model sets it
  double stranded_curtailment_gpu_days = 0;
  std::int64_t racks_held = 0;  // times a rack was held
  double unserved_mwh = 0;      // drawn above the supply net of a cut: a check, 0 by construction
};

// The power ledger's figures (docs/power.md, "Outputs"; model/load_shed.hpp,
// model/curtailment.hpp): burn-in paused by load shedding, curtailment windows
// in force, and the energized MW by source per site at the end (index as
// Scenario::sites; grid stages, non-grid stages, on-site units counted as
// capacity, backup units available, battery discharge now).
struct PowerLedgerFigures {
  std::int64_t burn_in_pauses = 0;  // times a rack in burn-in was paused
  double curtailment_hours = 0;     // hours with a window in force, summed over sites
  std::vector<double> grid_mw, non_grid_mw, onsite_mw, backup_mw, battery_mw;
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
  // the part of stranded_no_slot_gpu_days while a building of the site was under construction (docs/power.md)
  double stranded_construction_gpu_days = 0;
  // the parts of stranded_no_power_gpu_days while the site's next power stage waited for
  // the grid interconnection, for long-lead equipment (docs/power.md)
  double stranded_interconnection_gpu_days = 0;
  double stranded_equipment_gpu_days = 0;
  double in_transit_gpu_days = 0;
  double energy_mwh = 0;
  double energy_cost_usd = 0;
  double capex_usd = 0;
  double peak_facility_mw = 0;
  double peak_it_mw = 0;
  std::int64_t failures = 0;
  std::int64_t repairs = 0;
  std::int64_t burn_in_failures = 0;
  double failed_gpu_days = 0;  // GPUs down for repair or cordoned, integrated
  ReliabilityFigures reliability;
  GenerationFigures generation;
  PowerLedgerFigures power_ledger;
  PriceFigures prices;
  std::vector<ContractSpend> contracts;
  MoneyFigures money;                             // docs/money.md; used false when the money model did not run
  std::vector<ContractFigures> contract_figures;  // docs/money.md, "Contracts"
  LifecycleFigures lifecycle;                     // docs/money.md, "Fleet lifecycle"
  // One entry per (site, SKU) pair that has orders, ordered by site then SKU.
  std::vector<SiteSkuCount> by_site_sku;
  // Sites with racks not in service at the end, by site.
  std::vector<SiteShortfall> shortfall;
  // Energized power per site at the end, in MW (index as Scenario::sites).
  std::vector<double> site_energized_mw;
  // One per Scenario::milestones, in order.
  std::vector<MilestoneOutcome> milestones;
  std::uint64_t events = 0;
};

}  // namespace gwsim

// gwsim/sim/model/columns.hpp -- the output contract: every time-series
// column of the buildout model, declared once as {name, unit, description}.
//
// The CSV writer, the summary, Monte Carlo bands, the Python layer (through
// the bindings), the plots, the report and docs/outputs.md all read these
// declarations; no other file spells a column's name (tests/check_columns.py).
// A component binds a value to each column it owns (model/recorder.hpp).
//
// Adding a column: declare it here, add it to buildout_columns() in the
// order it should appear in timeseries.csv, bind its value in the component
// that owns the quantity, and run `make docs-outputs`.
#pragma once

#include <span>
#include <string_view>

namespace gwsim {

struct ColumnSpec {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
  bool integer = false;  // written without a fractional part
  bool banded = false;   // Monte Carlo keeps its P10/P50/P90 per day (bands.csv)
};

namespace columns {
// clang-format off
inline constexpr ColumnSpec gpus_ordered{"gpus_ordered", "GPUs", "All GPUs ordered (constant over the run)", true};
inline constexpr ColumnSpec gpus_not_shipped{"gpus_not_shipped", "GPUs", "Ordered, not yet shipped", true};
inline constexpr ColumnSpec gpus_in_transit{"gpus_in_transit", "GPUs", "Shipped, not yet arrived at their site", true};
inline constexpr ColumnSpec gpus_delivered{"gpus_delivered", "GPUs", "Arrived at their site, cumulative", true};
inline constexpr ColumnSpec gpus_waiting_power{"gpus_waiting_power", "GPUs", "Delivered, stranded: the site has no energized power for the next rack", true};
inline constexpr ColumnSpec gpus_waiting_slot{"gpus_waiting_slot", "GPUs", "Delivered, stranded: no ready rack slot (construction)", true};
inline constexpr ColumnSpec gpus_waiting_crew{"gpus_waiting_crew", "GPUs", "Delivered, power and slot free, waiting for an install crew", true};
inline constexpr ColumnSpec gpus_installing{"gpus_installing", "GPUs", "Being installed by a crew", true};
inline constexpr ColumnSpec gpus_burn_in{"gpus_burn_in", "GPUs", "Installed, in burn-in (powered)", true};
inline constexpr ColumnSpec gpus_rework{"gpus_rework", "GPUs", "Failed burn-in, being reworked", true};
inline constexpr ColumnSpec gpus_in_service{"gpus_in_service", "GPUs", "Up and serving, in racks that passed burn-in", true, true};
inline constexpr ColumnSpec gpus_failed{"gpus_failed", "GPUs", "In racks in service, down, waiting for a technician or a spare, or cordoned with their rack", true};
inline constexpr ColumnSpec gpus_in_repair{"gpus_in_repair", "GPUs", "In racks in service, down, being repaired", true};
inline constexpr ColumnSpec gpus_stranded{"gpus_stranded", "GPUs", "gpus_waiting_power + gpus_waiting_slot", true, true};
inline constexpr ColumnSpec racks_in_service{"racks_in_service", "racks", "Racks that passed burn-in (with or without failed GPUs)", true, true};
inline constexpr ColumnSpec power_energized_mw{"power_energized_mw", "MW", "Facility power energized, all sites", false};
inline constexpr ColumnSpec it_power_mw{"it_power_mw", "MW", "IT draw of the powered GPUs (burn-in, rework excluded, and up in service)", false};
inline constexpr ColumnSpec facility_power_mw{"facility_power_mw", "MW", "Facility draw: IT draw x each site's PUE", false, true};
inline constexpr ColumnSpec pflops_fp8_online{"pflops_fp8_online", "PFLOPS", "Dense FP8 PFLOPS of the GPUs in service", false, true};
inline constexpr ColumnSpec pflops_bf16_online{"pflops_bf16_online", "PFLOPS", "Dense BF16 PFLOPS of the GPUs in service", false};
inline constexpr ColumnSpec h100e_in_service{"h100e_in_service", "H100e", "H100 equivalents in service: GPUs up x dense FP8 PFLOPS per GPU / 1.979 (an H100 SXM)", false};
inline constexpr ColumnSpec energy_mwh{"energy_mwh", "MWh", "Facility energy, cumulative", false, true};
inline constexpr ColumnSpec energy_cost_usd{"energy_cost_usd", "USD", "Energy bought from the grid (facility energy less on-site generation) x the energy price in force (the scenario's, or a site's dated prices), cumulative", false};
inline constexpr ColumnSpec capex_usd{"capex_usd", "USD", "Rack capex of owned racks (a leased order's are the provider's, docs/money.md), cumulative, counted on delivery", false, true};
inline constexpr ColumnSpec contract_committed_usd{"contract_committed_usd", "USD", "Take-or-pay commitments accrued over their terms, all contracts", false};
inline constexpr ColumnSpec contract_used_usd{"contract_used_usd", "USD", "GPU-hours used within contract terms x their price, all contracts", false};
inline constexpr ColumnSpec contract_paid_usd{"contract_paid_usd", "USD", "Per contract the larger of committed and used, summed", false, true};
inline constexpr ColumnSpec largest_site_gpus_in_service{"largest_site_gpus_in_service", "GPUs", "GPUs in service at the largest single site", true};
inline constexpr ColumnSpec largest_run_gpus{"largest_run_gpus", "GPUs", "The largest training run that could start now: healthy GPUs of the largest healthy fabric domain, largest over sites", true};
inline constexpr ColumnSpec largest_multi_domain_run_gpus{"largest_multi_domain_run_gpus", "GPUs", "The largest multi-domain run that could start now: healthy GPUs of all domains of one site, or of a cluster's sites together, largest over sites and clusters", true};
// prices and carbon (docs/power.md): recorded only when a scenario uses them (price_columns())
inline constexpr ColumnSpec capacity_cost_usd{"capacity_cost_usd", "USD", "Capacity charges: per site and day, the capacity price in force x the facility MW reserved by installed racks, cumulative", false};
inline constexpr ColumnSpec grid_tco2{"grid_tco2", "tCO2", "Grid emissions: per site, the energy bought from the grid (facility less on-site generation) x the carbon intensity in force, cumulative", false};
inline constexpr ColumnSpec embodied_tco2{"embodied_tco2", "tCO2", "Embodied carbon of the racks delivered, cumulative", false};
// construction (docs/power.md, "Construction"): recorded only when a building has a construction (construction_columns())
inline constexpr ColumnSpec buildings_under_construction{"buildings_under_construction", "buildings", "Buildings under construction: started, not yet ready", true};
inline constexpr ColumnSpec stranded_construction_gpu_days{"stranded_construction_gpu_days", "GPU-days", "Delivered GPUs waiting for a rack slot while a building of their site is under construction, cumulative (a part of the slot-stranded GPU-days)", false};
// grid interconnection and equipment (docs/power.md): recorded only when a site has either (interconnect_columns())
inline constexpr ColumnSpec stranded_interconnection_gpu_days{"stranded_interconnection_gpu_days", "GPU-days", "Delivered GPUs stranded for power while their site's next power stage waited for the grid interconnection, cumulative (a part of the power-stranded GPU-days)", false};
inline constexpr ColumnSpec stranded_equipment_gpu_days{"stranded_equipment_gpu_days", "GPU-days", "Delivered GPUs stranded for power while their site's next power stage waited for long-lead equipment, cumulative (a part of the power-stranded GPU-days)", false};
// on-site generation (docs/power.md, "On-site generation, batteries and the power ledger"): recorded only when a site has generation (generation_columns())
inline constexpr ColumnSpec energized_grid_mw{"energized_grid_mw", "MW", "Facility power energized by power stages (grid), all sites", false};
inline constexpr ColumnSpec energized_onsite_mw{"energized_onsite_mw", "MW", "Facility power of on-site generation units available now and counted as energized (backup units not), all sites", false};
inline constexpr ColumnSpec bridge_energy_mwh{"bridge_energy_mwh", "MWh", "Facility energy generated on site (the draw above the grid stages, dispatched to units in listed order), cumulative", false};
inline constexpr ColumnSpec bridge_fuel_usd{"bridge_fuel_usd", "USD", "Fuel cost of the bridge energy (each unit's energy x its fuel price per MWh), cumulative", false};
inline constexpr ColumnSpec bridge_tco2{"bridge_tco2", "tCO2", "Emissions of the bridge energy (each unit's energy x its tCO2 per MWh), cumulative", false};
inline constexpr ColumnSpec stranded_onsite_outage_gpu_days{"stranded_onsite_outage_gpu_days", "GPU-days", "GPUs of racks in service held for want of power (an on-site unit out, retired or short), cumulative", false};
// curtailment (docs/power.md, "Curtailment"): recorded only when a site has curtailment (curtailment_columns())
inline constexpr ColumnSpec curtailed_mw{"curtailed_mw", "MW", "The cut of the curtailment windows in force now (each site's shed_mw while a window is open), all sites", false};
// non-grid power stages (docs/power.md, "Outputs"): recorded only when a stage has "grid": false (non_grid_columns())
inline constexpr ColumnSpec energized_non_grid_mw{"energized_non_grid_mw", "MW", "Facility power energized by non-grid power stages (grid false, e.g. a behind-the-meter feed), all sites; a part of the power energized", false};
// the money model (docs/money.md): recorded only when it runs (money_columns())
inline constexpr ColumnSpec spend_usd{"spend_usd", "USD", "All cash-flow categories (docs/money.md) summed in their fixed order, resale negative, cumulative", false};
inline constexpr ColumnSpec capex_facility_usd{"capex_facility_usd", "USD", "Facility capex of the owned sites: each power stage's IT MW x usd_per_it_mw, paid linearly over the build_days before its scheduled date, cumulative", false};
inline constexpr ColumnSpec capex_network_usd{"capex_network_usd", "USD", "Network capex: owned GPUs delivered x network_usd_per_gpu, cumulative", false};
inline constexpr ColumnSpec capex_land_usd{"capex_land_usd", "USD", "Land and utility of the owned sites: IT MW x land_usd_per_it_mw, paid when the first stage's build starts, cumulative", false};
inline constexpr ColumnSpec opex_usd{"opex_usd", "USD", "Staff (per IT MW energized at owned sites) and maintenance (a share per year of the owned capex), cumulative", false};
inline constexpr ColumnSpec depreciation_usd{"depreciation_usd", "USD", "Straight-line depreciation of the owned racks, network and facility over their lives, cumulative", false};
// contracts with a ramp or late credits (docs/money.md, "Contracts"): recorded only then (contract_exposure_columns())
inline constexpr ColumnSpec contract_exposure_usd{"contract_exposure_usd", "USD", "Take-or-pay exposure: paid for committed GPU-hours not delivered (per contract, committed less delivered GPU-hours if positive, x its price), summed", false};
inline constexpr ColumnSpec contract_credit_usd{"contract_credit_usd", "USD", "Late-delivery credits: per contract its late_credit_share x its exposure, summed (contract_paid_usd is net of them)", false};
// fleet lifecycle (docs/money.md, "Fleet lifecycle"): recorded only with a lifecycle (lifecycle_columns())
inline constexpr ColumnSpec racks_retired{"racks_retired", "racks", "Racks retired by the lifecycle (end of life or a refresh policy), cumulative", true};
// clang-format on
}  // namespace columns

// The buildout model's columns, in the order of timeseries.csv.
std::span<const ColumnSpec* const> buildout_columns();

// The buildout columns also kept per site (Python's Result.sites): each
// site's share, the same quantity in the same unit, so that the sites' values
// sum to the fleet's column every day. In the order of buildout_columns(); the
// rest are not sums over sites (largest_site_gpus_in_service) or belong to
// contracts, not sites. Except the last two, largest_run_gpus and
// largest_multi_domain_run_gpus: per site its own value, and the fleet's
// column is their maximum over the sites (and, for the multi-domain one,
// over the clusters' sums of their sites; model/fabric.hpp).
std::span<const ColumnSpec* const> site_columns();

// Prices and carbon (model/energy_prices.hpp): after the buildout columns,
// only when the scenario has dated prices, carbon intensities or embodied carbon.
std::span<const ColumnSpec* const> price_columns();

// Grid interconnection and long-lead equipment (model/power_stages.hpp):
// after the buildout columns, only when a site has `grid` or a stage equipment.
std::span<const ColumnSpec* const> interconnect_columns();

// Construction (model/construction.hpp): after the buildout columns, only
// when a building has a construction; the per-site table holds
// buildings_under_construction.
std::span<const ColumnSpec* const> construction_columns();
std::span<const ColumnSpec* const> construction_site_columns();

// On-site generation (model/generation.hpp, model/load_shed.hpp): after the
// buildout columns, only when a site has generation; the per-site table holds
// energized_grid_mw, energized_onsite_mw and bridge_energy_mwh.
std::span<const ColumnSpec* const> generation_columns();
std::span<const ColumnSpec* const> generation_site_columns();

// Contracts (model/contracts.hpp): after the buildout columns, only when a
// contract has a ramp or late credits.
std::span<const ColumnSpec* const> contract_exposure_columns();

// The money model (model/money.hpp): after the buildout columns, only when it runs.
std::span<const ColumnSpec* const> money_columns();

// Curtailment (model/load_shed.hpp): after the buildout columns, only when a
// site has curtailment; the per-site table is the same (curtailed_mw).
std::span<const ColumnSpec* const> curtailment_columns();

// Non-grid power stages (model/power.hpp): after the buildout columns, only
// when a power stage has "grid": false; the per-site table is the same.
std::span<const ColumnSpec* const> non_grid_columns();

// The fleet lifecycle (model/lifecycle.hpp): after the buildout columns, only with a `lifecycle`.
std::span<const ColumnSpec* const> lifecycle_columns();

}  // namespace gwsim

#include "model/columns.hpp"

#include <array>

namespace gwsim {

std::span<const ColumnSpec* const> buildout_columns() {
  using namespace columns;
  static constexpr std::array<const ColumnSpec*, 30> kOrder = {&gpus_ordered,
                                                               &gpus_not_shipped,
                                                               &gpus_in_transit,
                                                               &gpus_delivered,
                                                               &gpus_waiting_power,
                                                               &gpus_waiting_slot,
                                                               &gpus_waiting_crew,
                                                               &gpus_installing,
                                                               &gpus_burn_in,
                                                               &gpus_rework,
                                                               &gpus_in_service,
                                                               &gpus_failed,
                                                               &gpus_in_repair,
                                                               &gpus_stranded,
                                                               &racks_in_service,
                                                               &power_energized_mw,
                                                               &it_power_mw,
                                                               &facility_power_mw,
                                                               &pflops_fp8_online,
                                                               &pflops_bf16_online,
                                                               &h100e_in_service,
                                                               &energy_mwh,
                                                               &energy_cost_usd,
                                                               &capex_usd,
                                                               &contract_committed_usd,
                                                               &contract_used_usd,
                                                               &contract_paid_usd,
                                                               &largest_site_gpus_in_service,
                                                               &largest_run_gpus,
                                                               &largest_multi_domain_run_gpus};
  return kOrder;
}

std::span<const ColumnSpec* const> site_columns() {
  using namespace columns;
  static constexpr std::array<const ColumnSpec*, 26> kOrder = {&gpus_ordered,       &gpus_not_shipped,
                                                               &gpus_in_transit,    &gpus_delivered,
                                                               &gpus_waiting_power, &gpus_waiting_slot,
                                                               &gpus_waiting_crew,  &gpus_installing,
                                                               &gpus_burn_in,       &gpus_rework,
                                                               &gpus_in_service,    &gpus_failed,
                                                               &gpus_in_repair,     &gpus_stranded,
                                                               &racks_in_service,   &power_energized_mw,
                                                               &it_power_mw,        &facility_power_mw,
                                                               &pflops_fp8_online,  &pflops_bf16_online,
                                                               &h100e_in_service,   &energy_mwh,
                                                               &energy_cost_usd,    &capex_usd,
                                                               &largest_run_gpus,   &largest_multi_domain_run_gpus};
  return kOrder;
}

std::span<const ColumnSpec* const> price_columns() {
  using namespace columns;
  static constexpr std::array<const ColumnSpec*, 3> kOrder = {&capacity_cost_usd, &grid_tco2, &embodied_tco2};
  return kOrder;
}

std::span<const ColumnSpec* const> money_columns() {
  using namespace columns;
  static constexpr std::array<const ColumnSpec*, 6> kOrder = {&spend_usd,      &capex_facility_usd, &capex_network_usd,
                                                              &capex_land_usd, &opex_usd,           &depreciation_usd};
  return kOrder;
}

std::span<const ColumnSpec* const> contract_exposure_columns() {
  using namespace columns;
  static constexpr std::array<const ColumnSpec*, 2> kOrder = {&contract_exposure_usd, &contract_credit_usd};
  return kOrder;
}

std::span<const ColumnSpec* const> interconnect_columns() {
  using namespace columns;
  static constexpr std::array<const ColumnSpec*, 2> kOrder = {&stranded_interconnection_gpu_days,
                                                              &stranded_equipment_gpu_days};
  return kOrder;
}

std::span<const ColumnSpec* const> construction_columns() {
  using namespace columns;
  static constexpr std::array<const ColumnSpec*, 2> kOrder = {&buildings_under_construction,
                                                              &stranded_construction_gpu_days};
  return kOrder;
}

std::span<const ColumnSpec* const> construction_site_columns() {
  using namespace columns;
  static constexpr std::array<const ColumnSpec*, 1> kOrder = {&buildings_under_construction};
  return kOrder;
}

std::span<const ColumnSpec* const> generation_columns() {
  using namespace columns;
  static constexpr std::array<const ColumnSpec*, 6> kOrder = {&energized_grid_mw, &energized_onsite_mw,
                                                              &bridge_energy_mwh, &bridge_fuel_usd,
                                                              &bridge_tco2,       &stranded_onsite_outage_gpu_days};
  return kOrder;
}

std::span<const ColumnSpec* const> curtailment_columns() {
  static constexpr std::array<const ColumnSpec*, 1> kOrder = {&columns::curtailed_mw};
  return kOrder;
}

std::span<const ColumnSpec* const> lifecycle_columns() {
  static constexpr std::array<const ColumnSpec*, 1> kOrder = {&columns::racks_retired};
  return kOrder;
}

std::span<const ColumnSpec* const> non_grid_columns() {
  static constexpr std::array<const ColumnSpec*, 1> kOrder = {&columns::energized_non_grid_mw};
  return kOrder;
}

std::span<const ColumnSpec* const> generation_site_columns() {
  using namespace columns;
  static constexpr std::array<const ColumnSpec*, 3> kOrder = {&energized_grid_mw, &energized_onsite_mw,
                                                              &bridge_energy_mwh};
  return kOrder;
}

}  // namespace gwsim

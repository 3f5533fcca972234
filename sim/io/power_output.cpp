// summary.json's "power" section (docs/outputs.md, docs/power.md "Outputs"):
// the figures of the power supply chain in one place, only for a scenario
// that uses a part of it.
#include <nlohmann/json.hpp>

#include "io/output.hpp"
#include "model/columns.hpp"
#include "model/construction.hpp"
#include "model/curtailment.hpp"
#include "model/generation.hpp"
#include "model/power_stages.hpp"

namespace gwsim {

bool uses_power_supply(const Scenario& s, const BuildoutSummary& sum) {
  return sum.prices.used || sum.generation.used || OnsiteGeneration::used(s) || PowerStages::used(s) ||
         BuildingConstruction::used(s) || CurtailmentWindows::used(s);
}

namespace {

// The energized MW at the end by source (docs/power.md, "Outputs"), fleet and per site.
nlohmann::json by_source_json(const Scenario& s, const PowerLedgerFigures& f) {
  using nlohmann::json;
  const auto source = [&f](std::size_t i) {
    return json{{"grid", f.grid_mw[i]},
                {"non_grid", f.non_grid_mw[i]},
                {"onsite", f.onsite_mw[i]},
                {"backup", f.backup_mw[i]},
                {"battery", f.battery_mw[i]}};
  };
  json fleet{{"grid", 0.0}, {"non_grid", 0.0}, {"onsite", 0.0}, {"backup", 0.0}, {"battery", 0.0}};
  json by_site = json::object();
  for (std::size_t i = 0; i < s.sites.size() && i < f.grid_mw.size(); ++i) {
    json site = source(i);
    for (auto& [key, value] : site.items()) fleet[key] = fleet[key].get<double>() + value.get<double>();
    by_site[s.sites[i].name] = std::move(site);
  }
  return json{{"fleet", fleet}, {"by_site", by_site}};
}

}  // namespace

nlohmann::json power_json(const Scenario& s, const BuildoutSummary& sum) {
  using nlohmann::json;
  double energized = 0;
  json by_site = json::object();
  for (std::size_t i = 0; i < s.sites.size() && i < sum.site_energized_mw.size(); ++i) {
    energized += sum.site_energized_mw[i];
    by_site[s.sites[i].name] = sum.site_energized_mw[i];
  }
  const GenerationFigures& g = sum.generation;
  json out{{"energized_mw_at_end", energized},
           {"energized_mw_at_end_by_site", by_site},
           {"peak_facility_mw", sum.peak_facility_mw},
           {"stranded_gpu_days",
            {{"no_power", sum.stranded_no_power_gpu_days},
             {"interconnection", sum.stranded_interconnection_gpu_days},
             {"equipment", sum.stranded_equipment_gpu_days},
             {"onsite_outage", g.stranded_onsite_outage_gpu_days},
             {"curtailment", g.stranded_curtailment_gpu_days},
             {"no_slot", sum.stranded_no_slot_gpu_days},
             {"construction", sum.stranded_construction_gpu_days}}},
           {"energized_mw_at_end_by_source", by_source_json(s, sum.power_ledger)},
           {columns::energy_mwh.name, sum.energy_mwh},
           {columns::energy_cost_usd.name, sum.energy_cost_usd}};
  if (g.used)
    out["bridge"] = {{columns::bridge_energy_mwh.name, g.bridge_energy_mwh},
                     {columns::bridge_fuel_usd.name, g.bridge_fuel_usd},
                     {columns::bridge_tco2.name, g.bridge_tco2},
                     {"generation_capex_usd", g.generation_capex_usd},
                     {"racks_held", g.racks_held},
                     {"burn_in_pauses", sum.power_ledger.burn_in_pauses},
                     {"unserved_mwh", g.unserved_mwh}};
  if (CurtailmentWindows::used(s)) out["curtailment_hours"] = sum.power_ledger.curtailment_hours;
  // one source of truth: the swings are the jobs layer's (JSON pointers into summary.json)
  if (s.power_swings && s.workloads)
    out["power_swings"] = {{"run", "/jobs/power_swings"}, {"monte_carlo", "/monte_carlo/power_swings"}};
  if (sum.prices.used)
    out["prices"] = {{columns::capacity_cost_usd.name, sum.prices.capacity_cost_usd},
                     {columns::grid_tco2.name, sum.prices.grid_tco2},
                     {columns::embodied_tco2.name, sum.prices.embodied_tco2}};
  return out;
}

}  // namespace gwsim

#include "io/figures.hpp"

#include "io/output.hpp"
#include "run/monte_carlo_stats.hpp"

namespace gwsim {

RunFigures run_figures(const BuildoutSummary& s) {
  RunFigures f;
  for (std::size_t k = 0; k < f.key_dates.size(); ++k) f.key_dates.at(k) = milestone(s, k);  // at(): an overrun throws
  f.stranded_gpu_days = s.stranded_no_power_gpu_days + s.stranded_no_slot_gpu_days;
  f.waiting_crew_gpu_days = s.waiting_crew_gpu_days;
  f.energy_mwh = s.energy_mwh;
  f.energy_cost_usd = s.energy_cost_usd;
  f.capex_usd = s.capex_usd;
  f.failures = s.failures;
  f.gpus_in_service_at_end = s.gpus_in_service;
  f.bottleneck = bottleneck(s);
  if (s.money.used)
    for (std::size_t k = 0; k < money_figure_names().size(); ++k) f.money.push_back(money_figure(s, k));
  return f;
}

}  // namespace gwsim

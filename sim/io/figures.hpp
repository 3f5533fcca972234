// gwsim/sim/io/figures.hpp -- the figures of one run that tables of many runs
// report: a row of replications.csv (gwsim run --replications), of
// gwsim.MonteCarloResult.replications and of gwsim.sweep (Python).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "model/buildout.hpp"

namespace gwsim {

struct RunFigures {
  std::array<std::optional<Tick>, 3> key_dates;  // as milestone_names() (run/monte_carlo_stats.hpp)
  double stranded_gpu_days = 0;                  // waiting for power or for a rack slot
  double waiting_crew_gpu_days = 0;
  double energy_mwh = 0;
  double energy_cost_usd = 0;
  double capex_usd = 0;
  std::int64_t failures = 0;
  std::int64_t gpus_in_service_at_end = 0;
  std::string bottleneck;  // as bottleneck() (io/output.hpp)
  // With the money model: money_figure() of each of money_figure_names() (run/monte_carlo_stats.hpp),
  // in that order; empty without it.
  std::vector<double> money;
};

RunFigures run_figures(const BuildoutSummary& s);

}  // namespace gwsim

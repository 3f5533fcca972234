// gwsim/sim/run/monte_carlo_stats.hpp -- what Monte Carlo outputs report of
// the replications: percentile bands of the banded columns, and key dates.
// One implementation for `gwsim run --replications` (io/output.hpp writes
// bands.csv, replications.csv, key_dates.csv from these) and for Python's
// gwsim.monte_carlo (bindings/register_run.cpp).
//
//   const MonteCarlo mc = run_replications(s, seed, 100, 2);
//   const Bands b = band_values(mc);
//   double p90_power_on_day_d = b[c][2][d];  // c indexes mc.columns, 2 is P90
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "run/replications.hpp"

namespace gwsim {

// The key dates of a run, in this order: the first instants when 50%, 90%
// and 100% of the ordered racks were in service ("in_service_50pct", ...).
const std::vector<std::string>& milestone_names();
// Key date k (0..2, as milestone_names()) of a run; nullopt if never reached.
const std::optional<Tick>& milestone(const BuildoutSummary& s, std::size_t k);

// A scenario milestone (docs/scenarios.md, "Milestones") over the replications.
struct MilestoneStats {
  std::string name;
  // P10, P50, P90 of the date (kBandQuantiles, type 7) over all replications, a
  // replication that never reached it counting as later than any date: nullopt
  // when the quantile falls among those (not reached by the horizon in that share).
  std::array<std::optional<Tick>, 3> dates;
  std::size_t reached = 0;  // replications that reached it by the horizon
  std::size_t replications = 0;
  std::optional<Tick> deadline;  // as Milestone::deadline (the end of its day)
  // With a deadline: replications that reached it before the deadline, their
  // fraction and its 95% Wilson interval (core/stats.hpp).
  std::size_t met = 0;
  double probability = 0, ci_low = 0, ci_high = 0;
};
std::vector<MilestoneStats> milestone_stats(const Scenario& s, const MonteCarlo& mc);
// The built-in key dates (milestone_names()) over the replications, the same
// statistics without a deadline.
std::vector<MilestoneStats> key_date_stats(const MonteCarlo& mc);

// The q-quantile (type 7) of a sample whose missing values (never reached) are
// later than all others; nullopt when it falls among them or touches them.
std::optional<double> quantile_with_never(std::vector<double> reached, std::size_t never, double q);

// The bands: P10, P50 and P90, named "p10", "p50", "p90".
inline constexpr std::array<double, 3> kBandQuantiles{0.1, 0.5, 0.9};
const std::array<std::string, 3>& band_names();

// A figure of each replication over the replications: its P10, P50, P90
// (kBandQuantiles, quantile(): type 7), as the queue figures (run/job_outcome_stats.hpp).
struct FigureStats {
  std::string name;
  std::array<double, 3> quantiles{};
};
FigureStats figure_stats(std::string name, std::vector<double> values);

// The money figures of a replication (docs/money.md, "Monte Carlo"), in this
// order: npv_usd, spend_usd (the total over the run, summary.json's
// money.spend_usd.total), cost_per_gpu_hour_usd, cost_per_h100e_hour_usd,
// contract_exposure_usd (the take-or-pay exposure at the end, summed over the
// contracts). In replications.csv, summary.json's monte_carlo.money (their
// P10/P50/P90) and Python's MonteCarloResult.replications and .money; only
// when the money model ran (MoneyFigures::used).
const std::vector<std::string>& money_figure_names();
// Figure k (as money_figure_names()) of a run's summary.
double money_figure(const BuildoutSummary& s, std::size_t k);
// Whether the replications ran the money model (all do, or none: one scenario).
bool has_money(const MonteCarlo& mc);
// One entry per money figure; empty without the money model.
std::vector<FigureStats> money_figure_stats(const MonteCarlo& mc);

// bands[c][q][d]: the kBandQuantiles[q] quantile (quantile(), type 7) over the
// replications of column mc.columns[c] on day mc.times[d].
using Bands = std::vector<std::array<std::vector<double>, 3>>;
Bands band_values(const MonteCarlo& mc);

}  // namespace gwsim

#include "run/monte_carlo_stats.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/stats.hpp"
#include "model/columns.hpp"

namespace gwsim {

const std::vector<std::string>& milestone_names() {
  static const std::vector<std::string> names{"in_service_50pct", "in_service_90pct", "in_service_100pct"};
  return names;
}

const std::optional<Tick>& milestone(const BuildoutSummary& s, std::size_t k) {
  return k == 0 ? s.in_service_50pct : k == 1 ? s.in_service_90pct : s.in_service_100pct;
}

const std::array<std::string, 3>& band_names() {
  static const std::array<std::string, 3> names{"p10", "p50", "p90"};
  return names;
}

Bands band_values(const MonteCarlo& mc) {
  Bands bands(mc.columns.size());
  std::vector<double> v(mc.runs.size());
  for (std::size_t c = 0; c < mc.columns.size(); ++c) {
    for (auto& q : bands[c]) q.resize(mc.times.size());
    for (std::size_t d = 0; d < mc.times.size(); ++d) {
      for (std::size_t r = 0; r < mc.runs.size(); ++r) v[r] = mc.runs[r].columns[c][d];
      for (std::size_t q = 0; q < kBandQuantiles.size(); ++q) bands[c][q][d] = quantile(v, kBandQuantiles[q]);
    }
  }
  return bands;
}

FigureStats figure_stats(std::string name, std::vector<double> values) {
  FigureStats st{std::move(name), {}};
  for (std::size_t q = 0; q < kBandQuantiles.size(); ++q) st.quantiles[q] = quantile(values, kBandQuantiles[q]);
  return st;
}

const std::vector<std::string>& money_figure_names() {
  static const std::vector<std::string> names{"npv_usd", std::string(columns::spend_usd.name), "cost_per_gpu_hour_usd",
                                              "cost_per_h100e_hour_usd",
                                              std::string(columns::contract_exposure_usd.name)};
  return names;
}

double money_figure(const BuildoutSummary& s, std::size_t k) {
  switch (k) {
    case 0: return s.money.npv_usd;
    case 1: return s.money.total_usd;
    case 2: return s.money.cost_per_gpu_hour_usd;
    case 3: return s.money.cost_per_h100e_hour_usd;
    default: {
      double exposure = 0;
      for (const ContractFigures& c : s.contract_figures) exposure += c.exposure_usd;
      return exposure;
    }
  }
}

bool has_money(const MonteCarlo& mc) { return !mc.runs.empty() && mc.runs.front().summary.money.used; }

std::vector<FigureStats> money_figure_stats(const MonteCarlo& mc) {
  std::vector<FigureStats> out;
  if (!has_money(mc)) return out;
  std::vector<double> v(mc.runs.size());
  for (std::size_t k = 0; k < money_figure_names().size(); ++k) {
    for (std::size_t r = 0; r < mc.runs.size(); ++r) v[r] = money_figure(mc.runs[r].summary, k);
    out.push_back(figure_stats(money_figure_names()[k], v));
  }
  return out;
}

std::optional<double> quantile_with_never(std::vector<double> reached, std::size_t never, double q) {
  const std::size_t n = reached.size() + never;
  if (n == 0) return std::nullopt;
  std::sort(reached.begin(), reached.end());
  const double pos = q * static_cast<double>(n - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, n - 1);
  const double frac = pos - static_cast<double>(lo);
  if (lo >= reached.size()) return std::nullopt;
  if (frac == 0) return reached[lo];
  if (hi >= reached.size()) return std::nullopt;
  return reached[lo] + frac * (reached[hi] - reached[lo]);
}

namespace {

// The statistics of one date over the replications; `when(r)` is its date in replication r.
template <class When>
MilestoneStats date_stats(std::string name, std::optional<Tick> deadline, const MonteCarlo& mc, When when) {
  MilestoneStats st;
  st.name = std::move(name);
  st.deadline = deadline;
  st.replications = mc.runs.size();
  std::vector<double> t;
  for (const Replication& r : mc.runs) {
    const std::optional<Tick>& at = when(r);
    if (!at) continue;
    t.push_back(static_cast<double>(*at));
    if (st.deadline && *at < *st.deadline) ++st.met;
  }
  st.reached = t.size();
  for (std::size_t q = 0; q < kBandQuantiles.size(); ++q)
    if (const auto v = quantile_with_never(t, st.replications - st.reached, kBandQuantiles[q]))
      st.dates[q] = static_cast<Tick>(std::llround(*v));
  if (st.deadline && st.replications > 0) {
    st.probability = static_cast<double>(st.met) / static_cast<double>(st.replications);
    const Interval ci = wilson_interval(st.met, st.replications);
    st.ci_low = ci.lo;
    st.ci_high = ci.hi;
  }
  return st;
}

}  // namespace

std::vector<MilestoneStats> milestone_stats(const Scenario& s, const MonteCarlo& mc) {
  std::vector<MilestoneStats> out;
  for (std::size_t m = 0; m < s.milestones.size(); ++m)
    out.push_back(date_stats(
        s.milestones[m].name, s.milestones[m].deadline, mc,
        [m](const Replication& r) -> const std::optional<Tick>& { return r.summary.milestones.at(m).reached; }));
  return out;
}

std::vector<MilestoneStats> key_date_stats(const MonteCarlo& mc) {
  std::vector<MilestoneStats> out;
  for (std::size_t k = 0; k < milestone_names().size(); ++k)
    out.push_back(
        date_stats(milestone_names()[k], std::nullopt, mc,
                   [k](const Replication& r) -> const std::optional<Tick>& { return milestone(r.summary, k); }));
  return out;
}

}  // namespace gwsim

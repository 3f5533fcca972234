#include "run/monte_carlo_stats.hpp"

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

}  // namespace gwsim

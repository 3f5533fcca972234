// gwsim/sim/io/mc_money_output.cpp -- the money figures of Monte Carlo runs
// (docs/money.md, "Monte Carlo"): the columns they add to replications.csv and
// summary.json's monte_carlo "money", only when the money model ran.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/figures.hpp"
#include "io/output.hpp"
#include "run/monte_carlo_stats.hpp"

namespace gwsim {

std::string replication_money_header(const MonteCarlo& mc) {
  std::string out;
  if (has_money(mc))
    for (const std::string& name : money_figure_names()) out += "," + name;
  return out;
}

std::string replication_money_row(const RunFigures& f) {
  std::string out;
  for (double usd : f.money) out += fmt::format(",{}", usd + 0.0);  // no "-0"
  return out;
}

nlohmann::json monte_carlo_money_json(const MonteCarlo& mc) {
  nlohmann::json out = nlohmann::json::object();
  for (const FigureStats& st : money_figure_stats(mc)) {
    nlohmann::json q = nlohmann::json::object();
    for (std::size_t i = 0; i < band_names().size(); ++i) q[band_names()[i]] = st.quantiles[i];
    out[st.name] = q;
  }
  return out;
}

}  // namespace gwsim

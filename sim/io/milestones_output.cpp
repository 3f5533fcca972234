// The milestones of summary.json, for one run and over Monte Carlo
// replications (docs/outputs.md, "Milestones").
#include <nlohmann/json.hpp>

#include "io/explain.hpp"
#include "io/output.hpp"
#include "model/milestones.hpp"
#include "run/monte_carlo_stats.hpp"

namespace gwsim {

namespace {

using nlohmann::json;

json date_or_null(const Calendar& cal, const std::optional<Tick>& t) {
  return t ? json(cal.format_seconds(*t)) : json(nullptr);
}

// What the milestone asks, as the scenario says it (names, not indices).
json definition(const Scenario& s, const Milestone& m) {
  json j{{"name", m.name}, {"metric", metric_name(m.metric)}, {"unit", metric_unit(m.metric)}};
  if (m.metric == MilestoneMetric::training_run) {
    j["run"] = s.workloads->training.at(static_cast<std::size_t>(m.training_run)).name;
  } else {
    j[m.fraction ? "fraction" : "threshold"] = m.threshold;
    json sites = json::array(), skus = json::array();
    for (const int si : m.sites) sites.push_back(s.sites.at(static_cast<std::size_t>(si)).name);
    for (const int k : m.skus) skus.push_back(s.skus.at(static_cast<std::size_t>(k)).name);
    if (!sites.empty()) j["sites"] = sites;
    if (!skus.empty()) j["skus"] = skus;
  }
  j["deadline"] = m.deadline ? json(m.deadline_iso) : json(nullptr);
  return j;
}

}  // namespace

nlohmann::json milestones_json(const Scenario& s, const BuildoutSummary& sum) {
  const Calendar cal(s.start_iso);
  json out = json::array();
  for (std::size_t i = 0; i < s.milestones.size() && i < sum.milestones.size(); ++i) {
    const Milestone& m = s.milestones[i];
    const MilestoneOutcome& o = sum.milestones[i];
    json j = definition(s, m);
    j["target"] = o.target;
    j["reached"] = date_or_null(cal, o.reached);
    j["met_deadline"] = m.deadline ? json(o.reached && *o.reached < *m.deadline) : json(nullptr);
    j["value_at_end"] = o.value_at_end;
    // why it was not reached (io/explain.hpp); null when reached
    j["explanation"] = o.reached ? json(nullptr) : json(milestone_reason(s, sum, i, cal));
    out.push_back(std::move(j));
  }
  return out;
}

nlohmann::json monte_carlo_milestones_json(const Scenario& s, const MonteCarlo& mc) {
  const Calendar cal(s.start_iso);
  json out = json::array();
  const std::vector<MilestoneStats> stats = milestone_stats(s, mc);
  for (std::size_t i = 0; i < stats.size(); ++i) {
    const MilestoneStats& st = stats[i];
    json j = definition(s, s.milestones[i]);
    for (std::size_t q = 0; q < st.dates.size(); ++q) j[band_names()[q]] = date_or_null(cal, st.dates[q]);
    j["reached"] = static_cast<double>(st.reached) / static_cast<double>(st.replications);
    if (st.deadline) {
      j["probability"] = st.probability;
      j["ci_low"] = st.ci_low;
      j["ci_high"] = st.ci_high;
    }
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace gwsim

#include "run/job_outcome_stats.hpp"

#include <cmath>

#include "core/stats.hpp"
#include "run/monte_carlo_stats.hpp"

namespace gwsim {

const std::vector<std::string>& queue_figure_names() {
  static const std::vector<std::string> names{"wait_p50_hours", "wait_p90_hours", "wait_p99_hours",
                                              "utilization",  // check_columns: not the column (a summary figure)
                                              "goodput"};
  return names;
}

double queue_figure(const ReplicationJobs& j, std::size_t k) {
  switch (k) {
    case 0: return j.wait_p50_hours;
    case 1: return j.wait_p90_hours;
    case 2: return j.wait_p99_hours;
    case 3: return j.utilization;
    default: return j.goodput;
  }
}

const std::vector<std::string>& swing_figure_names() {
  static const std::vector<std::string> names{"largest_step_mw", "steepest_ramp_mw_per_min", "steps_above_threshold"};
  return names;
}

double swing_figure(const SwingFigures& f, std::size_t k) {
  switch (k) {
    case 0: return f.largest_step_mw;
    case 1: return f.steepest_ramp_mw_per_min;
    default: return static_cast<double>(f.steps_above_threshold);
  }
}

bool has_swings(const MonteCarlo& mc) {
  return !mc.runs.empty() && mc.runs.front().jobs && mc.runs.front().jobs->swings;
}

std::vector<QueueFigureStats> swing_figure_stats(const MonteCarlo& mc) {
  std::vector<QueueFigureStats> out;
  if (!has_swings(mc)) return out;
  std::vector<double> v(mc.runs.size());
  for (std::size_t k = 0; k < swing_figure_names().size(); ++k) {
    for (std::size_t r = 0; r < mc.runs.size(); ++r) v[r] = swing_figure(*mc.runs[r].jobs->swings, k);
    out.push_back(figure_stats(swing_figure_names()[k], v));
  }
  return out;
}

namespace {

bool has_jobs(const MonteCarlo& mc) {
  if (mc.runs.empty()) return false;
  for (const Replication& r : mc.runs)
    if (!r.jobs) return false;
  return true;
}

TrainingRunStats one_run(const MonteCarlo& mc, std::size_t i) {
  TrainingRunStats st;
  st.name = mc.training_runs[i];
  st.replications = mc.runs.size();
  std::vector<double> ends, ettr;
  for (const Replication& r : mc.runs) {
    const TrainingOutcome& o = r.jobs->training.at(i);
    switch (o.status) {
      case TrainingStatus::completed:
        ++st.completed;
        ends.push_back(static_cast<double>(o.end));
        break;
      case TrainingStatus::running: ++st.running; break;
      case TrainingStatus::waiting: ++st.waiting; break;
      case TrainingStatus::never_started: ++st.never_started; break;
    }
    if (o.status != TrainingStatus::never_started) ettr.push_back(o.effective_training_time);
  }
  for (std::size_t q = 0; q < kBandQuantiles.size(); ++q) {
    if (const auto v = quantile_with_never(ends, st.replications - st.completed, kBandQuantiles[q]))
      st.end[q] = static_cast<Tick>(std::llround(*v));
    if (!ettr.empty()) st.ettr[q] = quantile(ettr, kBandQuantiles[q]);
  }
  return st;
}

}  // namespace

std::vector<TrainingRunStats> training_run_stats(const MonteCarlo& mc) {
  std::vector<TrainingRunStats> out;
  if (!has_jobs(mc)) return out;
  for (std::size_t i = 0; i < mc.training_runs.size(); ++i) out.push_back(one_run(mc, i));
  return out;
}

std::vector<QueueFigureStats> queue_figure_stats(const MonteCarlo& mc) {
  std::vector<QueueFigureStats> out;
  if (!has_jobs(mc)) return out;
  std::vector<double> v(mc.runs.size());
  for (std::size_t k = 0; k < queue_figure_names().size(); ++k) {
    for (std::size_t r = 0; r < mc.runs.size(); ++r) v[r] = queue_figure(*mc.runs[r].jobs, k);
    out.push_back(figure_stats(queue_figure_names()[k], v));
  }
  return out;
}

}  // namespace gwsim

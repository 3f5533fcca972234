// gwsim/sim/io/mc_jobs_output.cpp -- the job outcomes of Monte Carlo runs: the
// columns they add to replications.csv, training_runs.csv, and summary.json's
// monte_carlo "training_runs" and "queue" (docs/outputs.md).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/output.hpp"
#include "run/job_outcome_stats.hpp"
#include "run/monte_carlo_stats.hpp"

namespace gwsim {

namespace {

bool with_jobs(const MonteCarlo& mc) { return !mc.runs.empty() && mc.runs.front().jobs.has_value(); }

std::string optional_double(const std::optional<double>& v) { return v ? fmt::format("{}", *v + 0.0) : std::string(); }

}  // namespace

std::string replication_jobs_header(const MonteCarlo& mc) {
  if (!with_jobs(mc)) return {};
  std::string out;
  for (const std::string& n : mc.training_runs) out += fmt::format(",{0}_end,{0}_status,{0}_ettr,{0}_interruptions", n);
  for (const std::string& n : queue_figure_names()) out += "," + n;
  if (has_swings(mc))
    for (const std::string& n : swing_figure_names()) out += ",power_swings_" + n;
  return out;
}

std::string replication_jobs_row(const MonteCarlo& mc, std::size_t r, const Calendar& cal) {
  const std::optional<ReplicationJobs>& j = mc.runs.at(r).jobs;
  if (!j) return {};
  std::string out;
  for (const TrainingOutcome& o : j->training) {
    const bool started = o.status != TrainingStatus::never_started;  // ETTR is undefined before a first start
    out += fmt::format(",{},{},{},{}", o.end < 0 ? std::string() : cal.format(o.end), status_name(o.status),
                       started ? fmt::format("{}", o.effective_training_time + 0.0) : std::string(), o.interruptions);
  }
  for (std::size_t k = 0; k < queue_figure_names().size(); ++k) out += fmt::format(",{}", queue_figure(*j, k) + 0.0);
  if (has_swings(mc))
    for (std::size_t k = 0; k < swing_figure_names().size(); ++k)
      out += fmt::format(",{}", swing_figure(*j->swings, k) + 0.0);
  return out;
}

std::string training_runs_csv(const MonteCarlo& mc, const Calendar& cal) {
  std::string out =
      "training_run,replications,completed,running,waiting,never_started,end_p10,end_p50,end_p90,ettr_p10,"
      "ettr_p50,ettr_p90\n";
  auto when = [&](const std::optional<Tick>& t) { return t ? cal.format(*t) : std::string(); };
  for (const TrainingRunStats& st : training_run_stats(mc))
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", st.name, st.replications, st.completed, st.running,
                       st.waiting, st.never_started, when(st.end[0]), when(st.end[1]), when(st.end[2]),
                       optional_double(st.ettr[0]), optional_double(st.ettr[1]), optional_double(st.ettr[2]));
  return out;
}

nlohmann::json monte_carlo_jobs_json(const MonteCarlo& mc, const Calendar& cal) {
  using nlohmann::json;
  json runs = json::array();
  for (const TrainingRunStats& st : training_run_stats(mc)) {
    json end = json::object(), ettr = json::object();
    for (std::size_t q = 0; q < band_names().size(); ++q) {
      end[band_names()[q]] = st.end[q] ? json(cal.format_seconds(*st.end[q])) : json(nullptr);
      ettr[band_names()[q]] = st.ettr[q] ? json(*st.ettr[q]) : json(nullptr);
    }
    runs.push_back({{"name", st.name},
                    {"replications", st.replications},
                    {"completed", st.completed},
                    {"running", st.running},
                    {"waiting", st.waiting},
                    {"never_started", st.never_started},
                    {"end", end},
                    {"effective_training_time", ettr}});
  }
  json queue = json::object();
  for (const QueueFigureStats& st : queue_figure_stats(mc)) {
    json q = json::object();
    for (std::size_t i = 0; i < band_names().size(); ++i) q[band_names()[i]] = st.quantiles[i];
    queue[st.name] = q;
  }
  json out{{"training_runs", runs}, {"queue", queue}};
  if (!has_swings(mc)) return out;
  json swings = json::object();  // the fleet's raw swings, over the replications (docs/power.md)
  for (const QueueFigureStats& st : swing_figure_stats(mc)) {
    json q = json::object();
    for (std::size_t i = 0; i < band_names().size(); ++i) q[band_names()[i]] = st.quantiles[i];
    swings[st.name] = q;
  }
  out["power_swings"] = swings;
  return out;
}

}  // namespace gwsim

// The job outcomes of Monte Carlo replications for Python's MonteCarloResult.training and
// training_runs (run/replications.hpp ReplicationJobs, run/job_outcome_stats.hpp): only
// conversions here, the statistics are those of training_runs.csv.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "register.hpp"
#include "run/job_outcome_stats.hpp"
#include "run/replications.hpp"

namespace py = pybind11;

namespace gwsim::python {

namespace {

template <class T, class F>
py::array_t<T> per_replication(const MonteCarlo& mc, F value) {
  py::array_t<T> out(static_cast<py::ssize_t>(mc.runs.size()));
  auto v = out.template mutable_unchecked<1>();
  for (std::size_t r = 0; r < mc.runs.size(); ++r) v(static_cast<py::ssize_t>(r)) = value(*mc.runs[r].jobs);
  return out;
}

// Per replication: "<run>_end" (ticks, -1: not completed), "<run>_status", "<run>_ettr" (NaN: never
// started), "<run>_interruptions" for each training run, then the queue figures. Empty without workloads.
py::dict job_outcomes(const MonteCarlo& mc) {
  py::dict out;
  if (mc.runs.empty() || !mc.runs.front().jobs) return out;
  for (std::size_t i = 0; i < mc.training_runs.size(); ++i) {
    const std::string& n = mc.training_runs[i];
    out[py::str(n + "_end")] =
        per_replication<std::int64_t>(mc, [i](const ReplicationJobs& j) { return j.training.at(i).end; });
    py::list status;
    for (const Replication& r : mc.runs) status.append(status_name(r.jobs->training.at(i).status));
    out[py::str(n + "_status")] = status;
    out[py::str(n + "_ettr")] = per_replication<double>(mc, [i](const ReplicationJobs& j) {
      const TrainingOutcome& o = j.training.at(i);
      return o.status == TrainingStatus::never_started ? std::numeric_limits<double>::quiet_NaN()
                                                       : o.effective_training_time;
    });
    out[py::str(n + "_interruptions")] =
        per_replication<std::uint32_t>(mc, [i](const ReplicationJobs& j) { return j.training.at(i).interruptions; });
  }
  for (std::size_t k = 0; k < queue_figure_names().size(); ++k)
    out[py::str(queue_figure_names()[k])] =
        per_replication<double>(mc, [k](const ReplicationJobs& j) { return queue_figure(j, k); });
  if (has_swings(mc))  // the fleet's raw power swings (docs/power.md)
    for (std::size_t k = 0; k < swing_figure_names().size(); ++k)
      out[py::str("power_swings_" + swing_figure_names()[k])] =
          per_replication<double>(mc, [k](const ReplicationJobs& j) { return swing_figure(*j.swings, k); });
  return out;
}

// One dict per training run: name, replications, completed, running, waiting, never_started,
// end_p10/50/90 (ticks, -1: not finished by the horizon in that share), ettr_p10/50/90 (NaN: never started).
py::list training_runs(const MonteCarlo& mc) {
  py::list out;
  const char* q[] = {"p10", "p50", "p90"};
  for (const TrainingRunStats& st : training_run_stats(mc)) {
    py::dict d;
    d["name"] = st.name;
    d["replications"] = st.replications;
    d["completed"] = st.completed;
    d["running"] = st.running;
    d["waiting"] = st.waiting;
    d["never_started"] = st.never_started;
    for (std::size_t k = 0; k < 3; ++k) {
      d[py::str(std::string("end_") + q[k])] = st.end[k] ? *st.end[k] : Tick{-1};
      d[py::str(std::string("ettr_") + q[k])] = st.ettr[k] ? *st.ettr[k] : std::numeric_limits<double>::quiet_NaN();
    }
    out.append(d);
  }
  return out;
}

// One dict per queue figure: name, p10, p50, p90 over the replications.
py::list queue_stats(const MonteCarlo& mc) {
  py::list out;
  std::vector<QueueFigureStats> figures = queue_figure_stats(mc);
  for (QueueFigureStats st : swing_figure_stats(mc)) {  // the fleet's raw power swings (docs/power.md)
    st.name = "power_swings_" + st.name;
    figures.push_back(st);
  }
  for (const QueueFigureStats& st : figures) {
    py::dict d;
    d["name"] = st.name;
    d["p10"] = st.quantiles[0];
    d["p50"] = st.quantiles[1];
    d["p90"] = st.quantiles[2];
    out.append(d);
  }
  return out;
}

}  // namespace

void register_mc_jobs(py::module_& m) {
  m.def("job_outcomes", &job_outcomes, py::arg("mc"),
        "Per replication, each training run's end (ticks, -1: not completed), status, ETTR (NaN: never started), "
        "interruptions, and the queue figures: name -> array (statuses: a list). Empty without workloads.");
  m.def("training_run_stats", &training_runs, py::arg("mc"),
        "Each training run over the replications (training_runs.csv): one dict each, dates as ticks (-1: not "
        "finished by the horizon in that share of the replications).");
  m.def("queue_stats", &queue_stats, py::arg("mc"),
        "P10/P50/P90 over the replications of each replication's wait quantiles, utilization and goodput "
        "(and power_swings_* with a power_swings section).");
}

}  // namespace gwsim::python

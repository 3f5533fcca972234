// Statistics for the Python layer's uncertainty figures (gwsim.Probability,
// gwsim.Mean, adaptive Monte Carlo, gwsim.compare, sweeps with replications):
// confidence intervals and sequential stopping from core/stats.hpp, and the
// milestones of Monte Carlo replications from run/monte_carlo_stats.hpp. Only
// conversions here: the statistics are those of the CLI's outputs.
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "core/stats.hpp"
#include "register.hpp"
#include "run/monte_carlo_stats.hpp"
#include "run/replications.hpp"

namespace py = pybind11;

namespace gwsim::python {

namespace {

using Doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;
using Flags = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>;

std::span<const double> span_of(const Doubles& a) { return {a.data(), static_cast<std::size_t>(a.size())}; }
std::span<const std::uint8_t> span_of(const Flags& a) { return {a.data(), static_cast<std::size_t>(a.size())}; }

// The mean of `values`, the half width of its `confidence` interval (Student's t) and the sample standard
// deviation.
py::tuple mean_interval(const Doubles& values, double confidence) {
  Tally t;
  for (double x : span_of(values)) t.add(x);
  const double half = mean_half_width(t.variance(), t.count(), confidence);
  return py::make_tuple(t.mean(), half, std::sqrt(t.variance()));
}

}  // namespace

py::dict milestone_stats_dict(const MilestoneStats& st) {
  py::dict d;
  d["name"] = st.name;
  for (std::size_t q = 0; q < st.dates.size(); ++q) d[py::str(band_names()[q])] = st.dates[q].value_or(Tick{-1});
  d["reached"] = st.reached;
  d["replications"] = st.replications;
  d["deadline"] = st.deadline.value_or(Tick{-1});
  d["met"] = st.met;
  d["probability"] = st.probability;
  d["ci_low"] = st.ci_low;
  d["ci_high"] = st.ci_high;
  return d;
}

void register_stats(py::module_& m) {
  m.def(
      "wilson_interval",
      [](std::uint64_t successes, std::uint64_t trials, double confidence) {
        const Interval ci = wilson_interval(successes, trials, confidence);
        return py::make_tuple(ci.lo, ci.hi);
      },
      py::arg("successes"), py::arg("trials"), py::arg("confidence") = 0.95,
      "(low, high): the Wilson score interval of successes/trials at `confidence` (core/stats.hpp).");
  m.def("mean_interval", &mean_interval, py::arg("values"), py::arg("confidence") = 0.95,
        "(mean, half width, sample sd) of `values`: the half width of the two-sided `confidence` interval of the "
        "mean (Student's t; inf for fewer than two values, NaN with a NaN).");
  m.def(
      "first_mean_within",
      [](const Doubles& values, double width, double confidence, std::size_t min_n) {
        return first_mean_within(span_of(values), width, confidence, min_n);
      },
      py::arg("values"), py::arg("width"), py::arg("confidence") = 0.95, py::arg("min_n") = 2,
      "The smallest n >= min_n at which the interval of the mean of values[:n] is at most `width` wide; 0: none.");
  m.def(
      "first_proportion_within",
      [](const Flags& successes, double width, double confidence, std::size_t min_n) {
        return first_proportion_within(span_of(successes), width, confidence, min_n);
      },
      py::arg("successes"), py::arg("width"), py::arg("confidence") = 0.95, py::arg("min_n") = 1,
      "The smallest n >= min_n at which the Wilson interval of successes[:n] is at most `width` wide; 0: none.");
  m.def(
      "key_date_stats",
      [](const MonteCarlo& mc) {
        py::list out;
        for (const MilestoneStats& st : key_date_stats(mc)) out.append(milestone_stats_dict(st));
        return out;
      },
      py::arg("mc"),
      "The built-in key dates over the replications, as MonteCarlo.milestone_stats (no deadline: deadline -1).");
  m.def(
      "milestone_deadlines",
      [](const Scenario& s) {
        py::list out;
        for (const Milestone& ms : s.milestones) out.append(py::make_tuple(ms.name, ms.deadline.value_or(Tick{-1})));
        return out;
      },
      py::arg("scenario"), "The scenario's milestones: (name, deadline tick: the end of its day, -1: none) each.");
  m.def(
      "milestone_dates",
      [](const MonteCarlo& mc, const Scenario& s) {
        py::dict out;
        for (std::size_t k = 0; k < s.milestones.size(); ++k) {
          py::array_t<std::int64_t> a(static_cast<py::ssize_t>(mc.runs.size()));
          std::int64_t* p = a.mutable_data();
          for (const Replication& r : mc.runs) *p++ = r.summary.milestones.at(k).reached.value_or(Tick{-1});
          out[py::str(s.milestones[k].name)] = a;
        }
        return out;
      },
      py::arg("mc"), py::arg("scenario"),
      "Each scenario milestone's date in each replication: name -> ticks (-1: not reached by the horizon).");
}

}  // namespace gwsim::python

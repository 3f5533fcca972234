// gwsim/bindings/register.hpp -- one register_*() per area; module.cpp calls them.
#pragma once

#include <pybind11/pybind11.h>

namespace gwsim {
struct MilestoneStats;
}

namespace gwsim::python {

void register_errors(pybind11::module_& m);
void register_scenario(pybind11::module_& m);
void register_run(pybind11::module_& m);
void register_report(pybind11::module_& m);
void register_version(pybind11::module_& m);
void register_columns(pybind11::module_& m);
void register_stats(pybind11::module_& m);
void register_mc_jobs(pybind11::module_& m);  // register_mc_jobs.cpp

// A milestone over Monte Carlo replications as a dict (register_stats.cpp): dates as ticks (-1: null),
// the deadline as the end of its day (-1: none); MonteCarlo.milestone_stats and key_date_stats use it.
pybind11::dict milestone_stats_dict(const MilestoneStats& st);

}  // namespace gwsim::python

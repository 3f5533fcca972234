// gwsim/bindings/register.hpp -- one register_*() per area; module.cpp calls them.
#pragma once

#include <pybind11/pybind11.h>

namespace gwsim::python {

void register_errors(pybind11::module_& m);
void register_scenario(pybind11::module_& m);
void register_run(pybind11::module_& m);
void register_report(pybind11::module_& m);
void register_version(pybind11::module_& m);
void register_columns(pybind11::module_& m);
void register_stats(pybind11::module_& m);

}  // namespace gwsim::python

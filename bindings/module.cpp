// gwsim._core: the compiled half of the gwsim Python package. Thin on purpose:
// the convenience layer (DataFrames, plots, Monte Carlo helpers) is pure Python
// in bindings/python/gwsim.
#include "register.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "gwsim's C++ core: scenario loading and simulation runs";
  gwsim::python::register_errors(m);
  gwsim::python::register_scenario(m);
  gwsim::python::register_run(m);
  gwsim::python::register_report(m);
  gwsim::python::register_version(m);
  gwsim::python::register_columns(m);
  gwsim::python::register_stats(m);
  gwsim::python::register_mc_jobs(m);
}

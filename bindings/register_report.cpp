// gwsim._core.report_html / compare_html: the HTML report of run directories
// (sim/report), as text; gwsim.report() in Python writes or displays it.
#include <pybind11/pybind11.h>
#include <pybind11/stl/filesystem.h>

#include "register.hpp"
#include "report/report.hpp"

namespace py = pybind11;

namespace gwsim::python {

void register_report(py::module_& m) {
  m.def(
      "report_html",
      [](const std::filesystem::path& dir) {
        py::gil_scoped_release release;
        return report::render_report(report::load_run(dir));
      },
      py::arg("dir"), "The report of a run directory written by gwsim run (summary.json, timeseries.csv, ...).");
  m.def(
      "compare_html",
      [](const std::filesystem::path& a, const std::filesystem::path& b) {
        py::gil_scoped_release release;
        return report::render_comparison(report::load_run(a), report::load_run(b));
      },
      py::arg("baseline"), py::arg("what_if"), "Two run directories side by side: B - A.");
}

}  // namespace gwsim::python

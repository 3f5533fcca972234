// gwsim._core.report_html / compare_html: the HTML report of run directories
// (sim/report), as text; gwsim.report() in Python writes or displays it.
// key_figures: the report's headline figures, for Result's HTML repr.
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
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
  m.def(
      "key_figures",
      [](const std::string& summary_json) {
        std::vector<std::tuple<std::string, std::string, std::string>> out;
        for (report::KeyFigure& f : report::key_figures(nlohmann::json::parse(summary_json)))
          out.emplace_back(std::move(f.label), std::move(f.pointer), std::move(f.text));
        return out;
      },
      py::arg("summary_json"),
      "The report's headline figures that summary.json (text) holds: (label, JSON pointer, value as the report "
      "writes it), in the report's order.");
}

}  // namespace gwsim::python

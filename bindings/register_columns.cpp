// gwsim/bindings/register_columns.cpp -- gwsim._core.columns(): the output
// contract (model/columns.hpp, jobs/columns.hpp) as Python sees it; the
// pure-Python gwsim.columns builds its names and its table from it.
#include <string_view>

#include <pybind11/pybind11.h>

#include "jobs/columns.hpp"
#include "model/columns.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace gwsim::python {

namespace {

// One column of the contract and the table it belongs to.
struct Column {
  const ColumnSpec* spec;
  std::string_view group;  // "buildout", "construction" or "jobs"
};

py::list columns() {
  py::list out;
  for (const ColumnSpec* c : buildout_columns()) out.append(Column{c, "buildout"});
  for (const ColumnSpec* c : construction_columns()) out.append(Column{c, "construction"});
  for (const ColumnSpec* c : generation_columns()) out.append(Column{c, "generation"});
  for (const ColumnSpec* c : curtailment_columns()) out.append(Column{c, "curtailment"});
  for (const ColumnSpec* c : non_grid_columns()) out.append(Column{c, "non_grid"});
  for (const ColumnSpec* c : interconnect_columns()) out.append(Column{c, "interconnect"});
  for (const ColumnSpec* c : jobs_columns()) out.append(Column{c, "jobs"});
  for (const ColumnSpec* c : price_columns()) out.append(Column{c, "prices"});
  for (const ColumnSpec* c : money_columns()) out.append(Column{c, "money"});
  for (const ColumnSpec* c : contract_exposure_columns()) out.append(Column{c, "contracts"});
  for (const ColumnSpec* c : lifecycle_columns()) out.append(Column{c, "lifecycle"});
  return out;
}

}  // namespace

void register_columns(py::module_& m) {
  py::class_<Column>(m, "Column", "A time-series column of the output contract (model/columns.hpp).")
      .def_property_readonly("name", [](const Column& c) { return c.spec->name; })
      .def_property_readonly("unit", [](const Column& c) { return c.spec->unit; })
      .def_property_readonly("description", [](const Column& c) { return c.spec->description; })
      .def_property_readonly(
          "integer", [](const Column& c) { return c.spec->integer; }, "Written without a fractional part.")
      .def_property_readonly(
          "banded", [](const Column& c) { return c.spec->banded; },
          "Monte Carlo keeps its P10/P50/P90 per day (bands.csv).")
      .def_property_readonly(
          "group", [](const Column& c) { return c.group; },
          "'buildout' (every run); a feature's group, e.g. 'construction' (present when the scenario uses "
          "it); or 'jobs' (present when the scenario has workloads).")
      .def("__repr__", [](const Column& c) {
        return py::str("<gwsim._core.Column {} ({}, {})>").format(c.spec->name, c.spec->unit, c.group);
      });
  m.def("columns", &columns,
        "Every time-series column, in the order of timeseries.csv: the buildout's, then the jobs' (with workloads).");
}

}  // namespace gwsim::python

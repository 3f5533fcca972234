// C++ errors become Python exceptions: gwsim.ScenarioError (code, file,
// pointer) for bad scenarios, gwsim.GwsimError (code) for the rest. The
// classes are defined in Python (gwsim/_errors.py) so that they pickle and
// carry attributes naturally.
#include <pybind11/pybind11.h>

#include "register.hpp"
#include "scenario/error.hpp"

namespace py = pybind11;

namespace gwsim::python {

void register_errors(py::module_& m) {
  (void)m;
  py::register_exception_translator([](std::exception_ptr p) {
    if (!p) return;
    try {
      std::rethrow_exception(p);
    } catch (const ScenarioError& e) {
      py::object cls = py::module_::import("gwsim._errors").attr("ScenarioError");
      py::object exc = cls(e.what(), e.code(), e.file(), e.pointer(), e.detail());
      PyErr_SetObject(cls.ptr(), exc.ptr());
    } catch (const Error& e) {
      py::object cls = py::module_::import("gwsim._errors").attr("GwsimError");
      py::object exc = cls(e.what(), e.code());
      PyErr_SetObject(cls.ptr(), exc.ptr());
    }
  });
}

}  // namespace gwsim::python

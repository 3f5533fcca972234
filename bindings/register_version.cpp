// gwsim/bindings/register_version.cpp -- gwsim._core.__version__: the version
// set once, in the project() of CMakeLists.txt (GWSIM_VERSION, from core).
#include "register.hpp"

namespace gwsim::python {

void register_version(pybind11::module_& m) { m.attr("__version__") = GWSIM_VERSION; }

}  // namespace gwsim::python

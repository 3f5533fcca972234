// Scenarios: loaded and validated by the same C++ loader as the CLI.
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "io/loader.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace gwsim::python {

void register_scenario(py::module_& m) {
  py::class_<Scenario, std::shared_ptr<Scenario>>(m, "Scenario", "A validated scenario (see gwsim.load).")
      .def_readonly("name", &Scenario::name)
      .def_readonly("file", &Scenario::file)
      .def_readonly("seed", &Scenario::seed)
      .def_readonly("start", &Scenario::start_iso)
      .def_readonly("end", &Scenario::end_iso)
      .def_readonly("description", &Scenario::description)
      .def_readonly("sources", &Scenario::sources)
      .def_property_readonly("site_names", [](const Scenario& s) {
        std::vector<std::string> names;
        for (const Site& site : s.sites) names.push_back(site.name);
        return names;
      });

  m.def(
      "load_file",
      [](const std::string& path, const std::vector<std::string>& overrides) {
        return std::make_shared<Scenario>(load_scenario(path, LoadOptions{overrides}));
      },
      py::arg("path"), py::arg("overrides") = std::vector<std::string>{},
      "Load, merge (extends), override (/json/pointer=value) and validate a scenario file.");

  m.def(
      "document_file",
      [](const std::string& path, const std::vector<std::string>& overrides) {
        return load_document(path, LoadOptions{overrides}).dump();
      },
      py::arg("path"), py::arg("overrides") = std::vector<std::string>{},
      "The merged and overridden scenario document as compact JSON text (keys sorted), not validated.");

  m.def(
      "load_text",
      [](const std::string& text, const std::string& name, const std::vector<std::string>& overrides) {
        return std::make_shared<Scenario>(load_text(text, name, LoadOptions{overrides}));
      },
      py::arg("text"), py::arg("name") = "<dict>", py::arg("overrides") = std::vector<std::string>{},
      "Validate a scenario given as JSON text, after overrides (/json/pointer=value) as for a file; "
      "`extends` is refused.");

  m.def(
      "fingerprint_file",
      [](const std::string& path, const std::vector<std::string>& overrides) {
        return document_fingerprint(load_document(path, LoadOptions{overrides}));
      },
      py::arg("path"), py::arg("overrides") = std::vector<std::string>{},
      "16 hex digits naming the merged and overridden document of a scenario file (equal documents, equal "
      "fingerprints).");

  m.def(
      "fingerprint_text",
      [](const std::string& text, const std::string& name, const std::vector<std::string>& overrides) {
        return document_fingerprint(document_from_text(text, name, LoadOptions{overrides}));
      },
      py::arg("text"), py::arg("name") = "<dict>", py::arg("overrides") = std::vector<std::string>{},
      "The fingerprint of a scenario given as JSON text, overrides applied: the same as the file's for the "
      "same document.");
}

}  // namespace gwsim::python

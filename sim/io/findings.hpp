// gwsim/sim/io/findings.hpp -- the warnings one check of a scenario finds,
// each located in `file` (internal to the loader's checks: feasibility,
// reliability, grid).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "scenario/error.hpp"

namespace gwsim::detail {

struct Findings {
  const std::string& file;
  std::vector<Diagnostic> list;
  void warn(const char* code, const std::string& pointer, std::string message) {
    list.push_back(Diagnostic{Diagnostic::Severity::warning, code, file, pointer, std::move(message)});
  }
};

}  // namespace gwsim::detail

// gwsim/sim/scenario/error.hpp -- errors in scenario input.
//
// Every problem in a scenario is reported as
//   error[CODE] FILE:/json/pointer: message
// with a stable CODE (see docs/scenarios.md, "Errors").
#pragma once

#include <string>

#include "core/error.hpp"

namespace gwsim {

class ScenarioError : public Error {
 public:
  ScenarioError(std::string code, std::string file, std::string pointer, std::string message);

  const std::string& file() const noexcept { return file_; }
  const std::string& pointer() const noexcept { return pointer_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  std::string file_;
  std::string pointer_;
  std::string detail_;
};

}  // namespace gwsim

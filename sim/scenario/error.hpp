// gwsim/sim/scenario/error.hpp -- errors and warnings in scenario input.
//
// Every problem in a scenario is reported as
//   error[CODE] FILE:/json/pointer: message
// and every implausible but legal value as
//   warning[CODE] FILE:/json/pointer: message
// with a stable CODE (see docs/scenarios.md, "Errors" and "Warnings").
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"

namespace gwsim {

// One finding about a scenario: an error, or a warning (implausible but legal).
struct Diagnostic {
  enum class Severity { warning, error };
  Severity severity = Severity::error;
  std::string code;     // e.g. "scenario.range", "feasibility.power"
  std::string file;     // the file it is in
  std::string pointer;  // JSON pointer into the (merged) document
  std::string message;

  // "warning[CODE] FILE:/pointer: message" (or "error[...]").
  std::string line() const {
    return std::string(severity == Severity::warning ? "warning[" : "error[") + code + "] " + file + ":" + pointer +
           ": " + message;
  }
};

class ScenarioError : public Error {
 public:
  ScenarioError(std::string code, std::string file, std::string pointer, std::string message);
  // Several errors found in one document (at least one): code(), file(),
  // pointer() and detail() are the first's; what() has one line per error.
  explicit ScenarioError(std::vector<Diagnostic> errors);

  const std::string& file() const noexcept { return errors_.front().file; }
  const std::string& pointer() const noexcept { return errors_.front().pointer; }
  const std::string& detail() const noexcept { return errors_.front().message; }
  // Every error, in the order found (one for an error thrown on its own).
  const std::vector<Diagnostic>& errors() const noexcept { return errors_; }

 private:
  std::vector<Diagnostic> errors_;
};

}  // namespace gwsim

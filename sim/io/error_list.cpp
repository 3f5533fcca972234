#include "io/error_list.hpp"

#include <fmt/format.h>

namespace gwsim::detail {

void ErrorList::add(const ScenarioError& e) {
  for (const Diagnostic& d : e.errors()) {
    errors_.push_back(d);
    if (d.code == "scenario.limit") throw Full{};  // limits bound the work: reading stops
    if (errors_.size() >= kMaxErrors) {
      errors_.back().message += fmt::format(" (stopped after {} errors)", kMaxErrors);
      throw Full{};
    }
  }
}

void ErrorList::raise_if_any() const {
  if (!errors_.empty()) throw ScenarioError(errors_);
}

}  // namespace gwsim::detail

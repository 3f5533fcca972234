// gwsim/sim/cli/validate_command.cpp -- gwsim validate FILE... [--strict]
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "io/loader.hpp"

namespace gwsim::cli {

bool report_warnings(std::vector<Diagnostic> warnings, bool strict) {
  for (Diagnostic& w : warnings) {
    if (strict) w.severity = Diagnostic::Severity::error;
    fmt::print(stderr, "{}\n", w.line());
  }
  return strict && !warnings.empty();
}

int validate_command(const std::vector<std::string>& files, bool strict) {
  int status = 0;
  for (const std::string& f : files) {
    try {
      CheckedScenario c = load_checked(f);
      const std::size_t n = c.warnings.size();
      if (report_warnings(std::move(c.warnings), strict)) {
        status = 2;
        continue;
      }
      const Scenario& s = c.scenario;
      std::int64_t racks = 0;
      for (const auto& o : s.orders)
        for (const auto& d : o.deliveries) racks += d.racks;
      fmt::print("ok {}: {} ({} sites, {} orders, {} racks, {} .. {}){}\n", f, s.name, s.sites.size(), s.orders.size(),
                 racks, s.start_iso, s.end_iso, n == 0 ? "" : fmt::format(", {} warning{}", n, n == 1 ? "" : "s"));
    } catch (const ScenarioError& e) {
      // the next file is checked all the same
      fmt::print(stderr, "{}\n", e.what());
      status = 2;
    }
  }
  return status;
}

}  // namespace gwsim::cli

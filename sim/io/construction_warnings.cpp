#include "io/construction_warnings.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "core/distribution.hpp"

namespace gwsim::detail {

std::vector<Diagnostic> construction_warnings(const Scenario& s, const std::string& file) {
  std::vector<Diagnostic> out;
  const auto warn = [&](const char* code, std::string pointer, std::string message) {
    out.push_back(Diagnostic{Diagnostic::Severity::warning, code, file, std::move(pointer), std::move(message)});
  };
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    const Site& site = s.sites[i];
    std::int64_t built = 0;
    for (std::size_t k = 0; k < site.buildings.size(); ++k) {
      const std::optional<Construction>& c = site.buildings[k].construction;
      if (!c) continue;
      ++built;
      const double total_days = mean(c->shell_days) + mean(c->fitout_days) + mean(c->commissioning_days);
      if (total_days < kImplausibleConstructionDays)
        warn("plausibility.construction_fast", fmt::format("/sites/{}/buildings/{}/construction", i, k),
             fmt::format("shell, fit-out and commissioning take {:.0f} days on average: faster than any reported "
                         "build (under {:.0f} days; docs/power.md, \"Construction\")",
                         total_days, kImplausibleConstructionDays));
    }
    if (site.construction_crews > built)
      warn("plausibility.construction_crews", fmt::format("/sites/{}/construction_crews", i),
           fmt::format("{} construction crews for {} building(s) with a construction: {} never work",
                       site.construction_crews, built, site.construction_crews - built));
  }
  return out;
}

}  // namespace gwsim::detail

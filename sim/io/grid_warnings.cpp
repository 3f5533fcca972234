#include "io/grid_warnings.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "core/distribution.hpp"
#include "core/time.hpp"
#include "io/findings.hpp"

namespace gwsim::detail {
namespace {

bool names_a_transformer(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return name.find("transformer") != std::string::npos;
}

void check_equipment(const Scenario& s, std::size_t si, Findings& f) {
  const Calendar cal(s.start_iso);
  const std::vector<PowerStage>& stages = s.sites[si].power_stages;
  for (std::size_t k = 0; k < stages.size(); ++k) {
    for (std::size_t i = 0; i < stages[k].equipment.size(); ++i) {
      const Equipment& e = stages[k].equipment[i];
      const std::string at = fmt::format("/sites/{}/power_stages/{}/equipment/{}", si, k, i);
      const double lead_days = mean(e.lead_time_days);
      if (names_a_transformer(e.name) && lead_days < kImplausibleTransformerDays)
        f.warn("plausibility.transformer_lead_time", at + "/lead_time_days",
               fmt::format("\"{}\" arrives {:.0f} days after its order on average, under 26 weeks: large power "
                           "transformers took 128 weeks on average in 2025 (up to 4 years)",
                           e.name, lead_days));
      if (e.ordered > stages[k].date)
        f.warn("plausibility.equipment_order", at + "/ordered",
               fmt::format("\"{}\" is ordered on {}, after its stage's date {}: the stage cannot be energized "
                           "on its date",
                           e.name, cal.format_date(e.ordered), cal.format_date(stages[k].date)));
    }
  }
}

}  // namespace

double median(const Distribution& d) {
  if (const auto* f = std::get_if<Fixed>(&d)) return f->value;
  if (const auto* e = std::get_if<Exponential>(&d)) return e->mean * std::numbers::ln2;
  if (const auto* l = std::get_if<Lognormal>(&d)) return l->median;
  if (const auto* n = std::get_if<Normal>(&d)) return n->mean;
  const auto& u = std::get<Uniform>(d);
  return (u.min + u.max) / 2;
}

std::vector<Diagnostic> grid_warnings(const Scenario& s, const std::string& file) {
  Findings f{file, {}};
  for (std::size_t si = 0; si < s.sites.size(); ++si) {
    if (const auto& g = s.sites[si].grid) {
      const double days = median(g->study_days) + median(g->agreement_days) + median(g->construction_days);
      if (days < kImplausibleGridDays)
        f.warn("plausibility.grid_duration", fmt::format("/sites/{}/grid", si),
               fmt::format("site \"{}\"'s interconnection takes {:.0f} days from request to energization (the "
                           "sum of its phases' medians), under a year: ~5 years was typical for projects built "
                           "in 2023 (LBNL)",
                           s.sites[si].name, days));
    }
    check_equipment(s, si, f);
  }
  return std::move(f.list);
}

}  // namespace gwsim::detail

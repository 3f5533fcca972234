// gwsim/sim/io/grid_warnings.hpp -- grid interconnection and long-lead
// equipment keys that are legal but implausible (docs/power.md, "Grid
// interconnection and long-lead equipment"; docs/scenarios.md, "Warnings").
// Each finding names the JSON pointer of what to change.
//
// The checks:
//   plausibility.transformer_lead_time  an item named "...transformer..." whose lead time
//                                       has a mean below 26 weeks (128 weeks on average, Q2 2025)
//   plausibility.grid_duration          a site's interconnection whose phases' medians add up
//                                       to under a year (~5 years typical for 2023 builds)
//   plausibility.equipment_order        an item ordered after its stage's date (it cannot
//                                       arrive by the date)
#pragma once

#include <string>
#include <vector>

#include "scenario/error.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

// docs/power.md (facts.md lines 159, 165; the thresholds are assumed)
inline constexpr double kImplausibleTransformerDays = 26 * 7;
inline constexpr double kImplausibleGridDays = 365;

// The median of a law (a uniform's midpoint, an exponential's mean x ln 2).
double median(const Distribution& d);

std::vector<Diagnostic> grid_warnings(const Scenario& s, const std::string& file);

}  // namespace gwsim::detail

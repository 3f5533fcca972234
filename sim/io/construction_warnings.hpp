// gwsim/sim/io/construction_warnings.hpp -- construction keys that are legal
// but implausible (docs/power.md, "Construction"; docs/scenarios.md,
// "Warnings"). Each finding names the JSON pointer of what to change.
//
// The checks:
//   plausibility.construction_fast   a building whose phases' means add up to under 90 days
//                                    (faster than any reported build: 122, 91 and 64 days from
//                                    start to service at xAI; 150 days from roof to operation)
//   plausibility.construction_crews  a site's construction_crews above its buildings with a
//                                    construction (the extra crews never work)
#pragma once

#include <string>
#include <vector>

#include "scenario/error.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

// docs/power.md, "Construction" (facts.md; the threshold is assumed)
inline constexpr double kImplausibleConstructionDays = 90;

std::vector<Diagnostic> construction_warnings(const Scenario& s, const std::string& file);

}  // namespace gwsim::detail

// gwsim/sim/io/reliability_warnings.hpp -- reliability keys that are legal but
// implausible (docs/reliability.md, "Warnings"; docs/scenarios.md, "Warnings").
// Each finding names the JSON pointer of what to change.
//
//   for (const Diagnostic& w : detail::reliability_warnings(s, "s.json")) ...
//
// The checks:
//   plausibility.lemon_fraction        a SKU's lemons.fraction is above 0.5 (most racks "bad")
//   plausibility.lemon_multiplier      a SKU's lemons.rate_multiplier is above 50
//   plausibility.repair_not_fixed      a repair stage's not_fixed_prob is above 0.8
//   plausibility.tolerated_nodes_down  tolerated_nodes_down is every node of the rack (the rule never acts)
//   plausibility.lemon_policy_idle     the lemon policy is expected to act on fewer than 0.01 racks
//   plausibility.lemon_policy_broad    a policy that retires, which a lemon-free rack is expected to
//                                      meet at least once by the end: it would retire most racks
#pragma once

#include <string>
#include <vector>

#include "scenario/error.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

// docs/reliability.md, "Warnings" (thresholds assumed)
inline constexpr double kImplausibleLemonFraction = 0.5;
inline constexpr double kImplausibleLemonMultiplier = 50.0;
inline constexpr double kImplausibleNotFixedProb = 0.8;
inline constexpr double kIdlePolicyActions = 0.01;  // expected racks acted on over the horizon

// The expected number of times a rack failing at `per_hour` (a Poisson
// process) completes `failures` failures within `window_hours` over
// `hours`: each failure does when at least failures - 1 others fell in the
// window before it, so per_hour x hours x P(Poisson(per_hour x window_hours) >= failures - 1).
double expected_policy_triggers(double per_hour, double window_hours, int failures, double hours);

std::vector<Diagnostic> reliability_warnings(const Scenario& s, const std::string& file);

}  // namespace gwsim::detail

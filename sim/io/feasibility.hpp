// gwsim/sim/io/feasibility.hpp -- checks of a valid scenario before it runs:
// what it asks for that cannot happen within it, and values implausible for
// their unit. Each finding is a warning (docs/scenarios.md, "Warnings") with
// the JSON pointer of what to change; `--strict` makes them errors.
//
//   for (const Diagnostic& w : detail::feasibility_warnings(s, doc, "s.json")) ...
//
// The checks, each on scheduled figures (slips are random and left out):
//   feasibility.power      a site's power energized by the end of the horizon is below
//                          what its ordered racks need at its PUE
//   feasibility.slots      a site's rack slots are fewer than the racks ordered for it
//   feasibility.horizon    an order's deliveries arrive (ship date + lead time) after the end
//   feasibility.provider   a contract's provider has no site
//   plausibility.power     a site's power is over 1000 times what its racks need (kW for MW?)
//   plausibility.rack_power  a SKU's rack draws more than 1 MW (W for kW?)
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/error.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

// docs/scenarios.md, "Warnings"
inline constexpr double kImplausiblePowerRatio = 1000.0;  // energized / needed
inline constexpr double kImplausibleRackKw = 1000.0;      // 1 MW per rack

// `s` as read from `doc` (the merged document, for the pointers); `file` names it.
std::vector<Diagnostic> feasibility_warnings(const Scenario& s, const nlohmann::json& doc, const std::string& file);

}  // namespace gwsim::detail

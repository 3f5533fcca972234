// gwsim/sim/scenario/catalog.hpp -- the built-in hardware catalog.
// Figures and their sources: docs/model.md ("Hardware catalog").
#pragma once

#include <vector>

#include "scenario/scenario.hpp"

namespace gwsim {

// The built-in SKUs, in a fixed order (GB200_NVL72 first).
const std::vector<Sku>& builtin_catalog();

}  // namespace gwsim

// gwsim/sim/model/bottleneck.hpp -- what held the buildout back most, from
// the GPU-days that delivered racks waited, by reason (model/admission.hpp).
#pragma once

#include <string>

#include "model/summary.hpp"

namespace gwsim {

// "power", "construction" (rack slots) or "install crews": the reason under
// which delivered GPUs waited the most GPU-days (ties in that order); or
// "deliveries" when racks barely waited after arriving: every reason under
// 0.07 GPU-days per GPU ordered (1% of a GPU-week), so that arrivals paced
// the buildout.
std::string bottleneck(const BuildoutSummary& sum);

}  // namespace gwsim

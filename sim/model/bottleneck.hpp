// gwsim/sim/model/bottleneck.hpp -- what held the buildout back most, from
// the GPU-days that delivered racks waited, by reason (model/admission.hpp),
// and the cause inside the reason (docs/power.md, "Stranded GPU-days by cause").
#pragma once

#include <string>

#include "model/summary.hpp"

namespace gwsim {

// The reason under which delivered GPUs waited the most GPU-days, ties in
// this order:
//   power         stranded_no_power_gpu_days + the GPU-days of racks held out
//                 of service for want of power (on-site outage, curtailment)
//   construction  stranded_no_slot_gpu_days (rack slots)
//   install crews waiting_crew_gpu_days
// or "deliveries" when racks barely waited after arriving: every reason under
// 0.07 GPU-days per GPU ordered (1% of a GPU-week), so that arrivals paced
// the buildout.
//
// The verdict names the cause inside the reason when one is larger than the
// rest of the reason's GPU-days:
//   "power (interconnection)", "power (equipment)", "power (on-site outage)",
//   "power (curtailment)": the largest of stranded_interconnection_gpu_days,
//     stranded_equipment_gpu_days, generation.stranded_onsite_outage_gpu_days
//     and generation.stranded_curtailment_gpu_days (ties in that order), when
//     it is larger than the power GPU-days of no such cause (the stages' own
//     dates and slips);
//   "construction (buildings being built)": stranded_construction_gpu_days is
//     larger than the rest of the slot GPU-days (no building of the site
//     under construction: too few slots, or buildings not yet started).
// Without these causes (every scenario that uses none of docs/power.md's
// processes) the verdict is "power", "construction", "install crews" or
// "deliveries" as before.
std::string bottleneck(const BuildoutSummary& sum);

}  // namespace gwsim

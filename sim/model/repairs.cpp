#include "model/repairs.hpp"

#include <algorithm>

#include "core/distribution.hpp"
#include "core/units.hpp"
#include "model/burn_in.hpp"
#include "model/failures.hpp"

namespace gwsim {

Repairs::Repairs(Engine& eng, const Scenario& s, const RandomStreams& streams, Capacity& capacity)
    : eng_(eng),
      s_(s),
      rng_(streams.stream("repairs")),
      capacity_(capacity),
      on_done_(*this, eng),
      on_restock_(*this, eng) {
  for (const Site& spec : s_.sites)
    sites_.push_back(Crew{spec.technicians, spec.spare_nodes, ticks_from_days(spec.spare_restock_days), {}});
}

void Repairs::start(std::uint32_t si) {
  Crew& site = sites_[si];
  while (site.techs_free > 0 && !site.queue.empty()) {
    const std::uint32_t w = site.queue.front();
    const RepairWork& work = work_[w];
    if (work.spare && site.spares == 0) return;  // waits for a restock
    site.queue.pop_front();
    --site.techs_free;
    if (work.spare) --site.spares;
    if (work.kind != RepairKind::rework) capacity_.repair_started(work.site, work.gpus);
    const Sku& k = s_.skus[work.sku];
    double hours = units::kHoursPerDay;  // a SKU without failure classes: rework takes a day
    if (!k.failure_classes.empty())
      hours = std::max(0.0, gwsim::sample(k.failure_classes[work.cls].repair_hours, rng_));
    eng_.schedule_at(eng_.now() + ticks_from_hours(std::min(hours, 1e6)), on_done_.id(), w);
  }
}

void Repairs::done(std::uint64_t w) {
  const RepairWork work = work_[w];
  free_work_.push_back(static_cast<std::uint32_t>(w));
  Crew& site = sites_[work.site];
  ++site.techs_free;
  ++repairs_;
  if (work.spare) eng_.schedule_at(clamp_to_future(eng_.now() + site.restock), on_restock_.id(), work.site);
  if (work.kind == RepairKind::rework) burn_in_->reworked(work.a);
  else failures_->repaired(work);
  start(work.site);
}

void Repairs::restock(std::uint64_t si) {
  ++sites_[si].spares;
  start(static_cast<std::uint32_t>(si));
}

}  // namespace gwsim

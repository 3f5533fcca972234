#include "model/repairs.hpp"

#include <algorithm>

#include <boost/random/bernoulli_distribution.hpp>

#include "core/distribution.hpp"
#include "core/units.hpp"
#include "model/burn_in.hpp"
#include "model/failures.hpp"

namespace gwsim {

Repairs::Repairs(Engine& eng, const Scenario& s, const RandomStreams& streams, Capacity& capacity)
    : eng_(eng),
      s_(s),
      rng_(streams.stream("repairs")),
      stages_rng_(streams.stream("repair_stages")),
      capacity_(capacity),
      on_done_(*this, eng),
      on_restock_(*this, eng),
      on_refail_(*this, eng) {
  for (const Site& spec : s_.sites) {
    sites_.push_back(Crew{spec.technicians, spec.spare_nodes, ticks_from_days(spec.spare_restock_days), {}});
    stages_ = stages_ || spec.repair_stages.has_value();
  }
}

// The duration of a stage of a two-stage repair.
double Repairs::stage_hours(const RepairWork& work) {
  const TwoStageRepair& st = *s_.sites[work.site].repair_stages;
  const RepairStage& stage = work.step == RepairStep::automated ? st.automated : st.manual;
  return std::max(0.0, gwsim::sample(stage.hours, stages_rng_));
}

// An automated repair: no technician, no spare, no queue.
void Repairs::automate(std::uint32_t w) {
  const RepairWork& work = work_[w];
  capacity_.repair_started(work.site, work.gpus);
  eng_.schedule_at(eng_.now() + ticks_from_hours(std::min(stage_hours(work), 1e6)), on_done_.id(), w);
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
    if (stages_ && work.step == RepairStep::manual) hours = stage_hours(work);
    else if (!k.failure_classes.empty())
      hours = std::max(0.0, gwsim::sample(k.failure_classes[work.cls].repair_hours, rng_));
    eng_.schedule_at(eng_.now() + ticks_from_hours(std::min(hours, 1e6)), on_done_.id(), w);
  }
}

// Whether a stage of a two-stage repair fixed the fault (a single repair always does).
bool Repairs::fixed(const RepairWork& work) {
  if (work.step == RepairStep::single) return true;
  const TwoStageRepair& st = *s_.sites[work.site].repair_stages;
  const double p = work.step == RepairStep::automated ? st.automated.not_fixed_prob : st.manual.not_fixed_prob;
  return !boost::random::bernoulli_distribution<double>(p)(stages_rng_);
}

void Repairs::done(std::uint64_t w) {
  const RepairWork work = work_[w];
  Crew& site = sites_[work.site];
  ++repairs_;
  if (!stages_) {  // every repair a single one, which always fixes the fault
    ++site.techs_free;
    if (work.spare) eng_.schedule_at(clamp_to_future(eng_.now() + site.restock), on_restock_.id(), work.site);
    if (work.kind == RepairKind::rework) burn_in_->reworked(work.a);
    else failures_->repaired(work);
    free_work_.push_back(static_cast<std::uint32_t>(w));
    start(work.site);
    return;
  }
  if (work.step == RepairStep::automated) ++automated_;
  else {
    if (work.step == RepairStep::manual) ++manual_;
    ++site.techs_free;
    if (work.spare) eng_.schedule_at(clamp_to_future(eng_.now() + site.restock), on_restock_.id(), work.site);
  }
  if (work.kind == RepairKind::rework) burn_in_->reworked(work.a);
  else failures_->repaired(work);
  if (work.kind != RepairKind::rework && !fixed(work)) {
    // the GPUs came back with the fault: the item waits for the refailure
    ++not_fixed_;
    const TwoStageRepair& st = *s_.sites[work.site].repair_stages;
    const double hours = std::max(0.0, gwsim::sample(st.refail_hours, stages_rng_));
    eng_.schedule_at(eng_.now() + std::max<Tick>(1, ticks_from_hours(std::min(hours, 1e6))), on_refail_.id(), w);
  } else {
    free_work_.push_back(static_cast<std::uint32_t>(w));
  }
  if (work.step != RepairStep::automated) start(work.site);
}

void Repairs::refail(std::uint64_t w) {
  const RepairWork work = work_[w];
  free_work_.push_back(static_cast<std::uint32_t>(w));
  failures_->refail(work);
}

void Repairs::restock(std::uint64_t si) {
  ++sites_[si].spares;
  start(static_cast<std::uint32_t>(si));
}

}  // namespace gwsim

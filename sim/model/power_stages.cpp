#include "model/power_stages.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/distribution.hpp"
#include "core/units.hpp"

namespace gwsim {

PowerStages::PowerStages(Engine& eng, const Scenario& s, const RandomStreams& streams, Power& power,
                         std::function<void(std::uint32_t)> on_wait_changed)
    : eng_(eng),
      s_(s),
      rng_stage_(streams.stream("power_stages")),
      rng_equipment_(streams.stream("equipment")),
      rng_grid_(streams.stream("interconnect")),
      power_(power),
      on_wait_changed_(std::move(on_wait_changed)),
      on_date_(*this, eng),
      on_item_(*this, eng),
      on_grid_(*this, eng) {}

bool PowerStages::used(const Scenario& s) {
  for (const Site& site : s.sites) {
    if (site.grid) return true;
    for (const PowerStage& st : site.power_stages)
      if (!st.equipment.empty()) return true;
  }
  return false;
}

void PowerStages::add_site(std::uint32_t si) {
  const Site& spec = s_.sites[si];
  SiteStages site;
  site.first = site.next = static_cast<std::uint32_t>(stages_.size());
  if (spec.grid) {
    grids_.push_back(draw_interconnect(*spec.grid, rng_grid_));
    site.grid = static_cast<std::uint32_t>(grids_.size());
  }
  const InterconnectOutcome* grid = site.grid ? &grids_.back() : nullptr;
  for (const PowerStage& st : spec.power_stages) {
    Tick at = st.date;
    const std::optional<Distribution>& slip = st.slip_days ? st.slip_days : spec.stage_slip_days;
    if (slip) at = clamp_to_future(at + ticks_from_days(gwsim::sample(*slip, rng_stage_)));
    const std::uint64_t index = stages_.size();
    Stage stage;
    stage.site = si;
    const bool on_grid = grid != nullptr && st.grid;
    // a downsized interconnection keeps `fraction` of each grid stage (rounded to the microwatt)
    stage.power_uw = on_grid && grid->fraction != 1
                         ? std::llround(static_cast<double>(units::mw_to_uw(st.power_mw)) * grid->fraction)
                         : units::mw_to_uw(st.power_mw);
    stage.pending = 1 + static_cast<int>(st.equipment.size()) + (on_grid ? 1 : 0);
    stage.grid_pending = on_grid;
    stage.items_pending = static_cast<int>(st.equipment.size());
    stage.dated = at;
    stages_.push_back(stage);
    eng_.schedule_at(at, on_date_.id(), index);
    for (const Equipment& e : st.equipment) {
      const Tick arrives =
          clamp_to_future(e.ordered + ticks_from_days(gwsim::sample(e.lead_time_days, rng_equipment_)));
      stages_.back().items_end = std::max(stages_.back().items_end, arrives);
      eng_.schedule_at(arrives, on_item_.id(), index);
    }
    Stage& added = stages_.back();
    added.energizes = st.equipment.empty() ? at : std::max(at, added.items_end);
    if (on_grid) added.energizes = grid->withdrawn ? kFarFuture : std::max(added.energizes, grid->energized);
  }
  site.end = static_cast<std::uint32_t>(stages_.size());
  sites_.push_back(site);
  // withdrawn: the grid stages wait for ever
  if (grid != nullptr && !grid->withdrawn) eng_.schedule_at(grid->energized, on_grid_.id(), si);
}

PowerWait PowerStages::waiting_for(std::uint32_t si) const {
  const SiteStages& site = sites_[si];
  if (site.next == site.end) return PowerWait::none;
  const Stage& st = stages_[site.next];
  if (st.date_pending) return PowerWait::date;
  if (st.grid_pending && st.items_pending > 0) {
    const InterconnectOutcome& g = grids_[site.grid - 1];
    return !g.withdrawn && st.items_end > g.energized ? PowerWait::equipment : PowerWait::interconnection;
  }
  if (st.grid_pending) return PowerWait::interconnection;
  if (st.items_pending > 0) return PowerWait::equipment;
  return PowerWait::none;
}

void PowerStages::date_done(std::uint64_t stage) {
  stages_[stage].date_pending = false;
  condition_done(static_cast<std::uint32_t>(stage));
}

void PowerStages::item_arrived(std::uint64_t stage) {
  --stages_[stage].items_pending;
  condition_done(static_cast<std::uint32_t>(stage));
}

// One event for the site's grid stages (a scan of its own stages only).
void PowerStages::interconnected(std::uint64_t si) {
  const SiteStages& site = sites_[si];
  for (std::uint32_t k = site.first; k < site.end; ++k) {
    if (!stages_[k].grid_pending) continue;
    stages_[k].grid_pending = false;
    condition_done(k);
  }
}

void PowerStages::condition_done(std::uint32_t stage) {
  Stage& st = stages_[stage];
  SiteStages& site = sites_[st.site];
  if (--st.pending > 0) {
    if (stage == site.next && on_wait_changed_) on_wait_changed_(st.site);
    return;
  }
  // the cursor moves before the ledger calls back, so that the new wait is read
  while (site.next < site.end && stages_[site.next].pending == 0) ++site.next;
  power_.energize(st.site, st.power_uw, s_.sites[st.site].power_stages[stage - site.first].grid);
}

}  // namespace gwsim

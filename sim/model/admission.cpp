#include "model/admission.hpp"

#include <algorithm>
#include <utility>

#include "core/units.hpp"
#include "model/columns.hpp"

namespace gwsim {

Admission::Admission(Engine& eng, const Scenario& s, const Inventory& inv, Power& power,
                     std::function<void(std::uint32_t)> on_installed)
    : eng_(eng),
      s_(s),
      inv_(inv),
      power_(power),
      on_installed_(std::move(on_installed)),
      on_building_(*this, eng),
      on_install_(*this, eng) {}

void Admission::add_site(std::uint32_t si) {
  const Site& spec = s_.sites[si];
  SiteQueue site;
  site.crews_free = spec.crews;
  site.install_time = std::max<Tick>(1, ticks_from_hours(units::kHoursPerWeek / spec.racks_per_crew_per_week));
  site.first_building = static_cast<std::uint32_t>(buildings_.size());
  sites_.push_back(std::move(site));
  for (std::size_t k = 0; k < spec.buildings.size(); ++k) {
    const Building& b = spec.buildings[k];
    buildings_.push_back(BuildingReady{si, static_cast<std::uint32_t>(k), b.rack_slots});
    if (!b.construction) eng_.schedule_at(b.ready, on_building_.id(), buildings_.size() - 1);
  }
}

void Admission::building_built(std::uint32_t si, std::uint32_t k) { building_ready(sites_[si].first_building + k); }

void Admission::set_under_construction(std::uint32_t si, bool under_construction) {
  SiteQueue& site = sites_[si];
  gpus_waiting_construction_ += (under_construction ? 1 : -1) * site.waiting_for(Wait::slot);
  site.under_construction = under_construction;
  gpus_waiting_construction_tw_.set(eng_.now(), static_cast<double>(gpus_waiting_construction_));
}

void Admission::arrive(std::uint32_t si, std::uint32_t first, std::int64_t racks) {
  SiteQueue& site = sites_[si];
  for (std::int64_t i = 0; i < racks; ++i) site.queue.push_back(first + static_cast<std::uint32_t>(i));
  rack_building_.resize(std::max(rack_building_.size(), static_cast<std::size_t>(first + racks)), 0);
  site.waiting_gpus += racks * s_.skus[inv_.racks[first].sku].gpus_per_rack;
  admit(si);
}

void Admission::building_ready(std::uint64_t b) {
  const BuildingReady& bu = buildings_[b];
  sites_[bu.site].slots_ready += bu.slots;
  sites_[bu.site].ready.push_back(static_cast<std::uint32_t>(b));
  admit(bu.site);
}

void Admission::install_done(std::uint64_t r) {
  const std::uint32_t si = inv_.racks[r].site;
  ++sites_[si].crews_free;
  --sites_[si].installing_racks;
  sites_[si].installing_gpus -= s_.skus[inv_.racks[r].sku].gpus_per_rack;
  installing_ -= s_.skus[inv_.racks[r].sku].gpus_per_rack;
  on_installed_(static_cast<std::uint32_t>(r));
  admit(si);
}

void Admission::admit(std::uint32_t si) {
  SiteQueue& site = sites_[si];
  const Tick now = eng_.now();
  while (!site.queue.empty()) {
    const std::uint32_t r = site.queue.front();
    const std::uint32_t k = inv_.racks[r].sku;
    Wait why = Wait::none;
    if (!power_.fits(si, k)) why = Wait::power;
    else if (site.slots_used >= site.slots_ready) why = Wait::slot;
    else if (site.crews_free == 0) why = Wait::crew;
    if (why != Wait::none) {
      set_wait(si, why);
      return;
    }
    site.queue.pop_front();
    const int gpus = s_.skus[k].gpus_per_rack;
    site.waiting_gpus -= gpus;
    power_.reserve(si, k);
    rack_building_[r] = take_slot(site);
    ++site.slots_used;
    --site.crews_free;
    ++site.installing_racks;
    site.installing_gpus += gpus;
    installing_ += gpus;
    eng_.schedule_at(now + site.install_time, on_install_.id(), r);
  }
  set_wait(si, Wait::none);
}

// The ready buildings fill one after the other; a slot freed by a retired rack is taken first.
std::uint32_t Admission::take_slot(SiteQueue& site) {
  if (!site.freed.empty()) {
    const std::uint32_t b = site.freed.back();
    site.freed.pop_back();
    return b;
  }
  while (site.filling_used >= buildings_[site.ready[site.filling]].slots) {
    ++site.filling;
    site.filling_used = 0;
  }
  ++site.filling_used;
  return buildings_[site.ready[site.filling]].local;
}

void Admission::free_slot(std::uint32_t r) {
  SiteQueue& site = sites_[inv_.racks[r].site];
  --site.slots_used;
  site.freed.push_back(rack_building_[r]);
}

void Admission::describe(std::uint32_t si, SiteShortfall& out) const {
  const SiteQueue& site = sites_[si];
  out.racks_queued = static_cast<std::int64_t>(site.queue.size());
  out.racks_installing = site.installing_racks;
  out.queue_waits_for = site.wait;
  out.slots_ready = site.slots_ready;
  out.slots_used = site.slots_used;
  out.crews = s_.sites[si].crews;
  out.energized_mw = power_.energized_mw(si);
  out.reserved_mw = power_.reserved_mw(si);
  out.next_rack_mw = site.queue.empty() ? 0.0 : power_.rack_reserve_mw(si, inv_.racks[site.queue.front()].sku);
}

// Moves the site's waiting GPUs between the stranded/waiting counters.
void Admission::set_wait(std::uint32_t si, Wait why) {
  SiteQueue& site = sites_[si];
  const Tick now = eng_.now();
  waiting(site.wait) -= site.accounted_waiting;
  if (site.under_construction) gpus_waiting_construction_ -= site.waiting_for(Wait::slot);
  if (power_wait_) count_power_wait(si, -1);
  site.wait = why;
  site.accounted_waiting = why == Wait::none ? 0 : site.waiting_gpus;
  waiting(site.wait) += site.accounted_waiting;
  if (site.under_construction) gpus_waiting_construction_ += site.waiting_for(Wait::slot);
  if (power_wait_) count_power_wait(si, +1);
  gpus_waiting_power_tw_.set(now, static_cast<double>(gpus_waiting_power_));
  gpus_waiting_slot_tw_.set(now, static_cast<double>(gpus_waiting_slot_));
  gpus_waiting_crew_tw_.set(now, static_cast<double>(gpus_waiting_crew_));
  if (site.under_construction) gpus_waiting_construction_tw_.set(now, static_cast<double>(gpus_waiting_construction_));
}

// Adds (sign +1: reading the cause now) or takes back (-1) the site's power-waiting GPUs by cause.
void Admission::count_power_wait(std::uint32_t si, int sign) {
  SiteQueue& site = sites_[si];
  if (sign > 0) site.power_wait = site.wait == Wait::power ? power_wait_(si) : PowerWait::none;
  const std::int64_t gpus = sign * site.waiting_for(Wait::power);
  if (site.power_wait == PowerWait::interconnection) gpus_waiting_grid_ += gpus;
  else if (site.power_wait == PowerWait::equipment) gpus_waiting_equipment_ += gpus;
  else return;
  gpus_waiting_grid_tw_.set(eng_.now(), static_cast<double>(gpus_waiting_grid_));
  gpus_waiting_equipment_tw_.set(eng_.now(), static_cast<double>(gpus_waiting_equipment_));
}

void Admission::power_wait_changed(std::uint32_t si) {
  if (sites_[si].wait == Wait::power) set_wait(si, Wait::power);
}

std::int64_t& Admission::waiting(Wait w) {
  switch (w) {
    case Wait::power: return gpus_waiting_power_;
    case Wait::slot: return gpus_waiting_slot_;
    case Wait::crew: return gpus_waiting_crew_;
    case Wait::none: break;
  }
  return gpus_not_waiting_;
}

void Admission::bind_columns(Recorder& rec) {
  rec.bind(columns::gpus_waiting_power, Recorder::count(gpus_waiting_power_));
  rec.bind(columns::gpus_waiting_slot, Recorder::count(gpus_waiting_slot_));
  rec.bind(columns::gpus_waiting_crew, Recorder::count(gpus_waiting_crew_));
  rec.bind(columns::gpus_installing, Recorder::count(installing_));
  rec.bind(columns::gpus_stranded, [this] { return static_cast<double>(gpus_waiting_power_ + gpus_waiting_slot_); });
  using Q = SiteQueue;
  rec.bind_sites(columns::gpus_waiting_power,
                 Recorder::per_site(sites_, [](const Q& q) { return q.waiting_for(Wait::power); }));
  rec.bind_sites(columns::gpus_waiting_slot,
                 Recorder::per_site(sites_, [](const Q& q) { return q.waiting_for(Wait::slot); }));
  rec.bind_sites(columns::gpus_waiting_crew,
                 Recorder::per_site(sites_, [](const Q& q) { return q.waiting_for(Wait::crew); }));
  rec.bind_sites(columns::gpus_installing, Recorder::per_site(sites_, [](const Q& q) { return q.installing_gpus; }));
  rec.bind_sites(columns::gpus_stranded, Recorder::per_site(sites_, [](const Q& q) {
                   return q.waiting_for(Wait::power) + q.waiting_for(Wait::slot);
                 }));
}

}  // namespace gwsim

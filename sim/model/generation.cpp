#include "model/generation.hpp"

#include <algorithm>
#include <utility>

#include <boost/random/exponential_distribution.hpp>

#include "core/distribution.hpp"
#include "core/units.hpp"
#include "model/columns.hpp"

namespace gwsim {

OnsiteGeneration::OnsiteGeneration(Engine& eng, const Scenario& s, const RandomStreams& streams, Power& power,
                                   std::function<void(std::uint32_t)> on_change)
    : eng_(eng),
      s_(s),
      rng_lead_(streams.stream("generation")),
      rng_outage_(streams.stream("generation_outage")),
      power_(power),
      on_change_(std::move(on_change)),
      on_online_(*this, eng),
      on_outage_(*this, eng) {}

bool OnsiteGeneration::used(const Scenario& s) {
  return std::any_of(s.sites.begin(), s.sites.end(), [](const Site& site) { return !site.generation.empty(); });
}

void OnsiteGeneration::add_site(std::uint32_t si) {
  const Site& spec = s_.sites[si];
  SiteUnits site;
  site.first = static_cast<std::uint32_t>(units_.size());
  site.count = static_cast<std::uint32_t>(spec.generation.size());
  for (const PowerStage& st : spec.power_stages) site.planned_uw += units::mw_to_uw(st.power_mw);
  sites_.push_back(site);
  for (const Generation& g : spec.generation) {
    units_.push_back(Unit{&g, si, units::mw_to_uw(g.power_mw)});
    const Tick at = clamp_to_future(g.ordered + ticks_from_days(gwsim::sample(g.lead_time_days, rng_lead_)));
    eng_.schedule_at(at, on_online_.id(), units_.size() - 1);
  }
}

template <class F>
void OnsiteGeneration::dispatch(std::uint32_t si, F f) const {
  const SiteUnits& site = sites_[si];
  double need = power_.facility_uw(si) - static_cast<double>(power_.grid_uw(si));
  for (std::uint32_t u = site.first; u < site.first + site.count && need > 0; ++u) {
    if (!units_[u].available()) continue;
    const double p = std::min(need, static_cast<double>(units_[u].power_uw));
    f(u, p);
    need -= p;
  }
}

void OnsiteGeneration::accrue(std::uint32_t si) {
  SiteUnits& site = sites_[si];
  const double h = to_hours(eng_.now() - site.since);
  site.since = eng_.now();
  if (h > 0) dispatch(si, [&](std::uint32_t u, double p) { units_[u].energy_uwh += p * h; });
}

double OnsiteGeneration::total(Tick now, double Generation::*per_mwh) const {
  double out = 0;
  for (std::uint32_t si = 0; si < sites_.size(); ++si) {
    const SiteUnits& site = sites_[si];
    const double h = to_hours(now - site.since);
    for (std::uint32_t u = site.first; u < site.first + site.count; ++u)
      out += units::uw_to_mw(units_[u].energy_uwh) * (per_mwh ? units_[u].spec->*per_mwh : 1.0);
    if (h > 0)
      dispatch(si, [&](std::uint32_t u, double p) {
        out += units::uw_to_mw(p * h) * (per_mwh ? units_[u].spec->*per_mwh : 1.0);
      });
  }
  return out;
}

double OnsiteGeneration::site_bridge_energy_mwh(std::uint32_t si, Tick now) const {
  const SiteUnits& site = sites_[si];
  double out = 0;
  for (std::uint32_t u = site.first; u < site.first + site.count; ++u) out += units::uw_to_mw(units_[u].energy_uwh);
  const double h = to_hours(now - site.since);
  if (h > 0) dispatch(si, [&](std::uint32_t, double p) { out += units::uw_to_mw(p * h); });
  return out;
}

double OnsiteGeneration::capex_usd() const {
  double out = 0;
  for (const Unit& u : units_) out += u.spec->power_mw * 1000.0 * u.spec->capex_usd_per_kw;
  return out;
}

// Tells Power what the units of `si` supply now.
void OnsiteGeneration::update(std::uint32_t si) {
  const SiteUnits& site = sites_[si];
  std::int64_t onsite = 0, backup = 0;
  for (std::uint32_t u = site.first; u < site.first + site.count; ++u)
    if (units_[u].available()) (units_[u].backup ? backup : onsite) += units_[u].power_uw;
  power_.set_onsite(si, onsite, backup);
}

void OnsiteGeneration::grid_energized(std::uint32_t si) {
  SiteUnits& site = sites_[si];
  if (site.count == 0 || site.grid_complete || power_.grid_uw(si) < site.planned_uw) return;
  site.grid_complete = true;
  for (std::uint32_t u = site.first; u < site.first + site.count; ++u) {
    Unit& unit = units_[u];
    if (unit.spec->after_grid == AfterGrid::retire) unit.retired = true;
    else if (unit.spec->after_grid == AfterGrid::backup) unit.backup = true;
  }
  update(si);
}

void OnsiteGeneration::online(std::uint64_t u64) {
  const auto u = static_cast<std::uint32_t>(u64);
  Unit& unit = units_[u];
  const SiteUnits& site = sites_[unit.site];
  if (site.grid_complete) {  // the grid came first
    if (unit.spec->after_grid == AfterGrid::retire) unit.retired = true;
    else if (unit.spec->after_grid == AfterGrid::backup) unit.backup = true;
  }
  if (unit.retired) return;
  unit.online = true;
  schedule_outage(u, true);
  update(unit.site);
  on_change_(unit.site);
}

// payload: 2 x unit + (1 if the outage ends).
void OnsiteGeneration::outage(std::uint64_t payload) {
  const auto u = static_cast<std::uint32_t>(payload / 2);
  const bool ends = (payload % 2) == 1;
  Unit& unit = units_[u];
  if (unit.retired) return;  // its clock stops
  unit.down = !ends;
  schedule_outage(u, ends);
  update(unit.site);
  on_change_(unit.site);
}

// Schedules the next outage of unit `u` to start (after an up time) or to end (after a down time).
void OnsiteGeneration::schedule_outage(std::uint32_t u, bool starts) {
  const Generation& g = *units_[u].spec;
  if (g.forced_outage_rate <= 0) return;
  const double mean_hours =
      starts ? g.mean_outage_hours * (1 - g.forced_outage_rate) / g.forced_outage_rate : g.mean_outage_hours;
  const double hours = boost::random::exponential_distribution<double>(1.0 / mean_hours)(rng_outage_);
  eng_.schedule_at(clamp_to_future(eng_.now() + ticks_from_hours(hours)), on_outage_.id(),
                   2 * std::uint64_t{u} + (starts ? 0 : 1));
}

void OnsiteGeneration::bind_columns(Recorder& rec) {
  if (!used()) return;
  rec.bind(columns::energized_grid_mw, [this] { return power_.grid_mw(); });
  rec.bind(columns::energized_onsite_mw, [this] { return power_.onsite_mw(); });
  rec.bind(columns::bridge_energy_mwh, [this] { return bridge_energy_mwh(eng_.now()); });
  rec.bind(columns::bridge_fuel_usd, [this] { return bridge_fuel_usd(eng_.now()); });
  rec.bind(columns::bridge_tco2, [this] { return bridge_tco2(eng_.now()); });
  rec.bind_sites(columns::energized_grid_mw, [this](std::span<double> out) {
    for (std::uint32_t si = 0; si < out.size(); ++si) out[si] = units::uw_to_mw(power_.grid_uw(si));
  });
  rec.bind_sites(columns::energized_onsite_mw, [this](std::span<double> out) {
    for (std::uint32_t si = 0; si < out.size(); ++si) out[si] = units::uw_to_mw(power_.onsite_uw(si));
  });
  rec.bind_sites(columns::bridge_energy_mwh, [this](std::span<double> out) {
    for (std::uint32_t si = 0; si < out.size(); ++si) out[si] = site_bridge_energy_mwh(si, eng_.now());
  });
}

}  // namespace gwsim

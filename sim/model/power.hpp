// gwsim/sim/model/power.hpp -- the power ledger: power energized per site
// by source (grid stages, which model/power_stages.hpp schedules, and on-site
// generation, model/generation.hpp), facility power reserved by installed
// racks, the IT and facility draw of powered GPUs, energy and its cost.
//
// Energized (what admission installs racks against) = grid + on-site units
// available that count as capacity; supply (what the site's draw may use now,
// docs/power.md) = energized + backup units available.
//
// Exact: every figure is kept in integer microwatts (core/units.hpp) except
// the facility draw, IT x PUE, which is a double (PUE is not an integer).
// A rack is admitted only if the site's energized power holds the facility
// power reserved by the racks already installed plus its own
// (rack_power_kw x PUE): reserved <= energized at every instant.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/engine.hpp"
#include "core/stats.hpp"
#include "core/units.hpp"
#include "model/recorder.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class Power {
 public:
  // `on_energized(site)` is called after power is added at `site`.
  Power(Engine& eng, const Scenario& s, std::function<void(std::uint32_t)> on_energized);

  // Sets up site `si` (sites are added in order).
  void add_site(std::uint32_t si);
  // A power stage of `power_uw` (facility power) is energized at `si` now
  // (model/power_stages.hpp): counted in grid_uw (a non-grid stage too: it is
  // a stage; non_grid_uw keeps the part of non-grid stages, `grid` false).
  void energize(std::uint32_t si, std::int64_t power_uw, bool grid = true);
  // The on-site units available at `si` now supply `onsite_uw` counted as
  // energized and `backup_uw` more (backup units); the caller then tells admission.
  void set_onsite(std::uint32_t si, std::int64_t onsite_uw, std::int64_t backup_uw);
  // `before(si)` is called before the draw or supply of a watched site changes
  // (the bridge accounting of model/generation.hpp and the shed's check).
  void watch(std::uint32_t si, const std::function<void(std::uint32_t)>& before) {
    before_change_ = before;
    sites_[si].watched = true;
  }
  void bind_columns(Recorder& rec);

  // Whether one more rack of `sku` fits in the energized power of site `si`.
  bool fits(std::uint32_t si, std::uint32_t sku) const {
    return sites_[si].reserved_uw + sites_[si].reserve_uw[sku] <= sites_[si].energized_uw;
  }
  // Reserves the facility power of one rack of `sku` at `si` (after fits()).
  void reserve(std::uint32_t si, std::uint32_t sku) { sites_[si].reserved_uw += sites_[si].reserve_uw[sku]; }
  // Frees it again: a rack of `sku` retired at `si` (model/lifecycle.hpp).
  void release(std::uint32_t si, std::uint32_t sku) { sites_[si].reserved_uw -= sites_[si].reserve_uw[sku]; }
  // `gpus` GPUs of `sku` at `si` start (> 0) or stop (< 0) drawing power.
  // Inline, as the other hot paths of capacity: it runs on every failure and repair.
  void change_it(std::uint32_t si, std::uint32_t sku, std::int64_t gpus) {
    const std::int64_t delta = gpus * gpu_it_uw_[sku];
    SitePower& site = sites_[si];
    if (site.watched) [[unlikely]]
      before_change_(si);
    site.it_uw_hours += static_cast<double>(site.it_uw) * to_hours(eng_.now() - site.it_since);
    site.it_since = eng_.now();
    site.it_uw += delta;
    it_total_uw_ += delta;
    facility_total_uw_ += static_cast<double>(delta) * s_.sites[si].pue;
    facility_mw_.set(eng_.now(), std::max(0.0, units::uw_to_mw(facility_total_uw_)));
    peak_it_mw_ = std::max(peak_it_mw_, units::uw_to_mw(it_total_uw_));
  }

  double energized_mw(std::uint32_t si) const;
  // Facility power reserved by the racks installed at `si`, and what one rack of `sku` reserves there.
  double reserved_mw(std::uint32_t si) const { return units::uw_to_mw(sites_[si].reserved_uw); }
  double rack_reserve_mw(std::uint32_t si, std::uint32_t sku) const {
    return units::uw_to_mw(sites_[si].reserve_uw[sku]);
  }
  std::int64_t energized_uw(std::uint32_t si) const { return sites_[si].energized_uw; }
  std::int64_t grid_uw(std::uint32_t si) const { return sites_[si].grid_uw; }
  std::int64_t onsite_uw(std::uint32_t si) const { return sites_[si].onsite_uw; }
  std::int64_t non_grid_uw(std::uint32_t si) const { return sites_[si].non_grid_uw; }
  std::int64_t backup_uw(std::uint32_t si) const { return sites_[si].backup_uw; }
  // Whether a power stage of `s` has "grid": false.
  static bool has_non_grid(const Scenario& s);
  // energized_non_grid_mw, fleet and per site (only when has_non_grid()).
  void bind_non_grid_columns(Recorder& rec);
  // What the draw of `si` may use now: energized + backup units available.
  std::int64_t supply_uw(std::uint32_t si) const { return sites_[si].energized_uw + sites_[si].backup_uw; }
  std::int64_t reserved_uw(std::uint32_t si) const { return sites_[si].reserved_uw; }
  std::int64_t rack_reserve_uw(std::uint32_t si, std::uint32_t sku) const { return sites_[si].reserve_uw[sku]; }
  // The facility draw of `si` now (IT x PUE), in microwatts.
  double facility_uw(std::uint32_t si) const { return static_cast<double>(sites_[si].it_uw) * s_.sites[si].pue; }
  double grid_mw() const { return units::uw_to_mw(grid_total_uw_); }
  double onsite_mw() const { return units::uw_to_mw(energized_total_uw_ - grid_total_uw_); }
  // Facility energy of site `si` from the start to `now` (its IT draw integrated, x its PUE).
  double site_energy_mwh(std::uint32_t si, Tick now) const;
  double energy_mwh(Tick now) const { return facility_mw_.integral_hours(now); }
  double peak_facility_mw() const { return facility_mw_.max(); }
  double peak_it_mw() const { return peak_it_mw_; }

 private:
  void bind_site_columns(Recorder& rec);

  struct SitePower {
    std::int64_t energized_uw = 0;         // facility power energized: grid_uw + onsite_uw
    std::int64_t grid_uw = 0;              // of which power stages
    std::int64_t onsite_uw = 0;            // of which on-site units available (not backup)
    std::int64_t non_grid_uw = 0;          // the part of grid_uw from non-grid stages
    std::int64_t backup_uw = 0;            // backup units available (not energized)
    bool watched = false;                  // before_change_ is called for it
    std::int64_t reserved_uw = 0;          // facility power reserved by installed racks
    std::int64_t it_uw = 0;                // IT draw of the site's powered GPUs
    Tick it_since = 0;                     // it_uw has held since then
    double it_uw_hours = 0;                // it_uw integrated up to it_since
    std::vector<std::int64_t> reserve_uw;  // per SKU: facility power one rack reserves
  };
  Engine& eng_;
  const Scenario& s_;
  std::function<void(std::uint32_t)> on_energized_;
  std::function<void(std::uint32_t)> before_change_;
  std::vector<std::int64_t> gpu_it_uw_;  // per SKU: IT power of one GPU's share of its rack
  std::vector<SitePower> sites_;
  std::int64_t energized_total_uw_ = 0, grid_total_uw_ = 0, it_total_uw_ = 0, non_grid_total_uw_ = 0;
  double facility_total_uw_ = 0, peak_it_mw_ = 0;
  TimeWeighted facility_mw_;
};

}  // namespace gwsim

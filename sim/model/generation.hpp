// gwsim/sim/model/generation.hpp -- on-site generation (docs/power.md, "On-site
// generation, batteries and the power ledger"): each unit of Site::generation
// comes online at its order date + lead time (stream "generation"), then
// alternates exponential up and down times (stream "generation_outage": mean
// down = mean_outage_hours, mean up = mean_outage_hours x (1 - FOR) / FOR, so
// that its long-run unavailability is its forced-outage rate FOR). When all of
// its site's power stages are energized, a unit retires, becomes backup (no
// longer energized capacity, but it still carries load beyond the grid) or
// stays, by its after_grid.
//
// Dispatch: the grid first, then the available units in the site's listed
// order. The bridge energy of a unit is its dispatched power integrated
// exactly (accrued before every change of its site's draw or supply); its
// fuel cost and emissions are that energy x its fuel_usd_per_mwh and
// tco2_per_mwh.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "model/power.hpp"
#include "model/recorder.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class OnsiteGeneration {
 public:
  // `on_change(site)` is called after the units available at `site` changed.
  OnsiteGeneration(Engine& eng, const Scenario& s, const RandomStreams& streams, Power& power,
                   std::function<void(std::uint32_t)> on_change);

  // Whether any site has generation (else every call below is a no-op).
  static bool used(const Scenario& s);
  bool used() const { return !units_.empty(); }
  // Schedules the units of site `si` (sites are added in order).
  void add_site(std::uint32_t si);
  // Grid power was energized at `si`: applies the units' after_grid once all
  // its stages are (the caller then tells admission: on_change is not called).
  void grid_energized(std::uint32_t si);
  // Accrues the dispatched energy of `si` up to now (before its draw or supply changes).
  void accrue(std::uint32_t si);
  // The columns of generation_columns() it owns (when used()).
  void bind_columns(Recorder& rec);

  // From the start to `now` (>= the last change), all sites.
  double bridge_energy_mwh(Tick now) const { return total(now, nullptr); }
  double bridge_fuel_usd(Tick now) const { return total(now, &Generation::fuel_usd_per_mwh); }
  double bridge_tco2(Tick now) const { return total(now, &Generation::tco2_per_mwh); }
  // Bridge energy of site `si` from the start to `now`.
  double site_bridge_energy_mwh(std::uint32_t si, Tick now) const;
  // The units' power x capex per kW, all units of the scenario (counted when ordered).
  double capex_usd() const;

 private:
  struct Unit {
    const Generation* spec = nullptr;
    std::uint32_t site = 0;
    std::int64_t power_uw = 0;
    bool online = false, down = false, retired = false, backup = false;
    double energy_uwh = 0;  // dispatched, up to its site's `since`
    bool available() const { return online && !down && !retired; }
  };
  struct SiteUnits {
    std::uint32_t first = 0, count = 0;  // its units: units_[first, first + count)
    std::int64_t planned_uw = 0;         // all its power stages
    bool grid_complete = false;
    Tick since = 0;  // the units' energy_uwh hold up to here
  };
  // Calls f(unit, dispatched_uw) for each unit of `si` carrying load now.
  template <class F>
  void dispatch(std::uint32_t si, F f) const;
  double total(Tick now, double Generation::*per_mwh) const;
  void update(std::uint32_t si);
  void online(std::uint64_t u);
  void outage(std::uint64_t payload);
  void schedule_outage(std::uint32_t u, bool starts);

  Engine& eng_;
  const Scenario& s_;
  RandomEngine rng_lead_, rng_outage_;
  Power& power_;
  std::function<void(std::uint32_t)> on_change_;
  std::vector<Unit> units_;
  std::vector<SiteUnits> sites_;
  MemberHandler<OnsiteGeneration, &OnsiteGeneration::online> on_online_;
  MemberHandler<OnsiteGeneration, &OnsiteGeneration::outage> on_outage_;
};

}  // namespace gwsim

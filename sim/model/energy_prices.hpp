// gwsim/sim/model/energy_prices.hpp -- prices and carbon of the power a fleet
// draws (docs/power.md, "Prices and carbon"): an accounting listener on the
// power ledger, exact.
//
// Energy cost and grid emissions of a site are the integral of its facility
// draw x the price (or carbon intensity) in force: the integral is split at
// each dated step (an event on that date settles what the old price owes),
// so the figures are exact whatever happens between steps. Before a site's
// first step the scenario-wide energy_usd_per_mwh holds (0 tCO2/MWh for
// carbon). Capacity charges: each day costs the capacity price in force x
// the facility power reserved by the site's installed racks at the day's end
// (reservations only grow, so that is the day's peak). Embodied carbon is
// counted when racks are delivered, as capex is. Energy bought from the grid
// is the site's facility energy less what its on-site units generated
// (model/generation.hpp): the energy price and the grid intensity apply to
// that; the bridge's fuel and emissions are the generation's.
#pragma once

#include <cstdint>
#include <vector>

#include "core/engine.hpp"
#include "core/time.hpp"
#include "model/generation.hpp"
#include "model/power.hpp"
#include "model/recorder.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class EnergyPrices {
 public:
  // `generation` may be constructed after this (it is read only once the run goes).
  EnergyPrices(Engine& eng, const Scenario& s, const Power& power, const OnsiteGeneration& generation);

  // Whether the scenario has dated prices, carbon intensities or embodied carbon
  // (then the columns of price_columns() are recorded).
  bool used() const { return used_; }
  // Schedules the price steps of site `si` (sites are added in order).
  void add_site(std::uint32_t si);
  // `racks` racks of `sku` arrived at their site.
  void delivered(std::uint32_t sku, std::int64_t racks) {
    embodied_tco2_ += static_cast<double>(racks) * s_.skus[sku].embodied_tco2_per_rack;
  }
  // Binds energy_cost_usd (fleet and per site) and, when used(), price_columns().
  void bind_columns(Recorder& rec);
  // Charges the capacity price of each day that ended by `now` (the recorder
  // calls it before each row, at the end of a day).
  void end_of_day(Tick now);

  double energy_cost_usd(std::uint32_t si, Tick now) const;
  double energy_cost_usd(Tick now) const;  // all sites
  double grid_tco2(std::uint32_t si, Tick now) const;
  double grid_tco2(Tick now) const;  // all sites
  double capacity_cost_usd(std::uint32_t si) const { return sites_[si].capacity_usd; }
  double capacity_cost_usd() const;  // all sites
  double embodied_tco2() const { return embodied_tco2_; }

 private:
  // What a site owes on one dated series: `settled` up to the last step, the
  // site's energy then, and the steps passed.
  struct Account {
    double settled = 0;
    double energy_mwh_at = 0;
    std::size_t steps_passed = 0;
  };
  struct SiteAccounts {
    Account energy, carbon;
    double capacity_usd = 0;
  };
  enum Series : std::uint64_t { energy = 0, carbon = 1 };

  void step(std::uint64_t payload);
  double price(const DatedSteps& steps, const Account& a, double base) const {
    return a.steps_passed == 0 ? base : steps.values[a.steps_passed - 1];
  }
  // Facility energy of `si` bought from the grid, from the start to `now`.
  double grid_energy_mwh(std::uint32_t si, Tick now) const {
    const double e = power_.site_energy_mwh(si, now);
    return generation_.used() ? e - generation_.site_bridge_energy_mwh(si, now) : e;
  }
  double owed(const DatedSteps& steps, const Account& a, double base, std::uint32_t si, Tick now) const;

  Engine& eng_;
  const Scenario& s_;
  const Power& power_;
  const OnsiteGeneration& generation_;
  std::vector<SiteAccounts> sites_;
  bool used_ = false, energy_steps_ = false;
  double embodied_tco2_ = 0;
  Tick charged_until_ = 0;  // capacity charged for the days before this instant
  MemberHandler<EnergyPrices, &EnergyPrices::step> on_step_;
};

}  // namespace gwsim

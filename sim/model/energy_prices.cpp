#include "model/energy_prices.hpp"

#include <algorithm>

#include "model/columns.hpp"

namespace gwsim {

EnergyPrices::EnergyPrices(Engine& eng, const Scenario& s, const Power& power, const OnsiteGeneration& generation)
    : eng_(eng), s_(s), power_(power), generation_(generation), on_step_(*this, eng) {
  for (const Site& site : s_.sites) {
    const SitePrices& p = site.prices;
    energy_steps_ = energy_steps_ || !p.energy_usd_per_mwh.dates.empty();
    used_ = used_ || !p.energy_usd_per_mwh.dates.empty() || !p.capacity_usd_per_mw_day.dates.empty() ||
            !p.grid_tco2_per_mwh.dates.empty();
  }
  for (const Sku& k : s_.skus) used_ = used_ || k.embodied_tco2_per_rack > 0;
}

void EnergyPrices::add_site(std::uint32_t si) {
  sites_.emplace_back();
  const SitePrices& p = s_.sites[si].prices;
  for (Tick t : p.energy_usd_per_mwh.dates) eng_.schedule_at(t, on_step_.id(), 2 * std::uint64_t{si} + energy);
  for (Tick t : p.grid_tco2_per_mwh.dates) eng_.schedule_at(t, on_step_.id(), 2 * std::uint64_t{si} + carbon);
}

void EnergyPrices::step(std::uint64_t payload) {
  const auto si = static_cast<std::uint32_t>(payload / 2);
  const SitePrices& p = s_.sites[si].prices;
  const bool is_energy = payload % 2 == energy;
  Account& a = is_energy ? sites_[si].energy : sites_[si].carbon;
  const DatedSteps& steps = is_energy ? p.energy_usd_per_mwh : p.grid_tco2_per_mwh;
  const double base = is_energy ? s_.energy_usd_per_mwh : 0.0;
  const double e = grid_energy_mwh(si, eng_.now());
  a.settled += (e - a.energy_mwh_at) * price(steps, a, base);
  a.energy_mwh_at = e;
  ++a.steps_passed;
}

double EnergyPrices::owed(const DatedSteps& steps, const Account& a, double base, std::uint32_t si, Tick now) const {
  return a.settled + (grid_energy_mwh(si, now) - a.energy_mwh_at) * price(steps, a, base);
}

double EnergyPrices::energy_cost_usd(std::uint32_t si, Tick now) const {
  if (!energy_steps_) return grid_energy_mwh(si, now) * s_.energy_usd_per_mwh;
  return owed(s_.sites[si].prices.energy_usd_per_mwh, sites_[si].energy, s_.energy_usd_per_mwh, si, now);
}

double EnergyPrices::energy_cost_usd(Tick now) const {
  // without dated prices or generation: the fleet's energy x the scenario's price, as before
  if (!energy_steps_ && !generation_.used()) return power_.energy_mwh(now) * s_.energy_usd_per_mwh;
  double usd = 0;
  for (std::uint32_t si = 0; si < sites_.size(); ++si) usd += energy_cost_usd(si, now);
  return usd;
}

double EnergyPrices::grid_tco2(std::uint32_t si, Tick now) const {
  return owed(s_.sites[si].prices.grid_tco2_per_mwh, sites_[si].carbon, 0.0, si, now);
}

double EnergyPrices::grid_tco2(Tick now) const {
  double t = 0;
  for (std::uint32_t si = 0; si < sites_.size(); ++si) t += grid_tco2(si, now);
  return t;
}

double EnergyPrices::capacity_cost_usd() const {
  double usd = 0;
  for (const SiteAccounts& a : sites_) usd += a.capacity_usd;
  return usd;
}

void EnergyPrices::end_of_day(Tick now) {
  // each day that ended by now, charged once at the price in force on that day
  for (Tick day = charged_until_; day + days(1) - 1 <= now; day += days(1)) {
    for (std::uint32_t si = 0; si < sites_.size(); ++si) {
      const DatedSteps& c = s_.sites[si].prices.capacity_usd_per_mw_day;
      const auto in_force = std::upper_bound(c.dates.begin(), c.dates.end(), day) - c.dates.begin();
      if (in_force == 0) continue;
      sites_[si].capacity_usd += c.values[static_cast<std::size_t>(in_force) - 1] * power_.reserved_mw(si);
    }
    charged_until_ = day + days(1);
  }
}

void EnergyPrices::bind_columns(Recorder& rec) {
  rec.bind(columns::energy_cost_usd, [this] { return energy_cost_usd(eng_.now()); });
  rec.bind_sites(columns::energy_cost_usd, [this](std::span<double> out) {
    for (std::uint32_t si = 0; si < out.size(); ++si) out[si] = energy_cost_usd(si, eng_.now());
  });
  if (!used_) return;
  rec.before_row([this](Tick now) { end_of_day(now); });
  rec.bind(columns::capacity_cost_usd, [this] { return capacity_cost_usd(); });
  rec.bind(columns::grid_tco2, [this] { return grid_tco2(eng_.now()); });
  rec.bind(columns::embodied_tco2, [this] { return embodied_tco2_; });
}

}  // namespace gwsim

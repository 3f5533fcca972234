#include "model/power.hpp"

#include <algorithm>
#include <utility>

#include "core/units.hpp"
#include "model/columns.hpp"

namespace gwsim {

Power::Power(Engine& eng, const Scenario& s, std::function<void(std::uint32_t)> on_energized)
    : eng_(eng), s_(s), on_energized_(std::move(on_energized)) {
  for (const Sku& k : s_.skus)
    gpu_it_uw_.push_back(std::llround(k.rack_power_kw * units::kMicrowattsPerKw / k.gpus_per_rack));
}

void Power::add_site(std::uint32_t si) {
  const Site& spec = s_.sites[si];
  SitePower site;
  for (const Sku& k : s_.skus)
    site.reserve_uw.push_back(std::llround(k.rack_power_kw * units::kMicrowattsPerKw * spec.pue));
  sites_.push_back(std::move(site));
}

void Power::energize(std::uint32_t si, std::int64_t power_uw, bool grid) {
  SitePower& site = sites_[si];
  if (site.watched) before_change_(si);
  if (!grid) {
    site.non_grid_uw += power_uw;
    non_grid_total_uw_ += power_uw;
  }
  site.energized_uw += power_uw;
  site.grid_uw += power_uw;
  energized_total_uw_ += power_uw;
  grid_total_uw_ += power_uw;
  on_energized_(si);
}

void Power::set_onsite(std::uint32_t si, std::int64_t onsite_uw, std::int64_t backup_uw) {
  SitePower& site = sites_[si];
  if (site.watched) before_change_(si);
  energized_total_uw_ += onsite_uw - site.onsite_uw;
  site.energized_uw += onsite_uw - site.onsite_uw;
  site.onsite_uw = onsite_uw;
  site.backup_uw = backup_uw;
}

double Power::energized_mw(std::uint32_t si) const { return units::uw_to_mw(sites_[si].energized_uw); }

double Power::site_energy_mwh(std::uint32_t si, Tick now) const {
  const SitePower& site = sites_[si];
  const double uw_hours = site.it_uw_hours + static_cast<double>(site.it_uw) * to_hours(now - site.it_since);
  return units::uw_to_mw(uw_hours) * s_.sites[si].pue;
}

void Power::bind_columns(Recorder& rec) {
  rec.bind(columns::power_energized_mw, [this] { return units::uw_to_mw(energized_total_uw_); });
  rec.bind(columns::it_power_mw, [this] { return units::uw_to_mw(it_total_uw_); });
  rec.bind(columns::facility_power_mw, [this] { return facility_mw_.value(); });
  rec.bind(columns::energy_mwh, [this] { return energy_mwh(eng_.now()); });
  // energy_cost_usd: model/energy_prices.hpp (prices in force)
  bind_site_columns(rec);
}

bool Power::has_non_grid(const Scenario& s) {
  for (const Site& site : s.sites)
    for (const PowerStage& st : site.power_stages)
      if (!st.grid) return true;
  return false;
}

void Power::bind_non_grid_columns(Recorder& rec) {
  rec.bind(columns::energized_non_grid_mw, [this] { return units::uw_to_mw(non_grid_total_uw_); });
  rec.bind_sites(columns::energized_non_grid_mw,
                 Recorder::per_site(sites_, [](const SitePower& p) { return units::uw_to_mw(p.non_grid_uw); }));
}

void Power::bind_site_columns(Recorder& rec) {
  using P = SitePower;
  rec.bind_sites(columns::power_energized_mw,
                 Recorder::per_site(sites_, [](const P& p) { return units::uw_to_mw(p.energized_uw); }));
  rec.bind_sites(columns::it_power_mw, Recorder::per_site(sites_, [](const P& p) { return units::uw_to_mw(p.it_uw); }));
  rec.bind_sites(columns::facility_power_mw, [this](std::span<double> out) {
    for (std::uint32_t si = 0; si < out.size(); ++si) out[si] = units::uw_to_mw(sites_[si].it_uw) * s_.sites[si].pue;
  });
  rec.bind_sites(columns::energy_mwh, [this](std::span<double> out) {
    for (std::uint32_t si = 0; si < out.size(); ++si) out[si] = site_energy_mwh(si, eng_.now());
  });
}

}  // namespace gwsim

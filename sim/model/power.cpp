#include "model/power.hpp"

#include <algorithm>
#include <utility>

#include "core/distribution.hpp"
#include "core/units.hpp"
#include "model/columns.hpp"

namespace gwsim {

Power::Power(Engine& eng, const Scenario& s, const RandomStreams& streams,
             std::function<void(std::uint32_t)> on_energized)
    : eng_(eng),
      s_(s),
      rng_stage_(streams.stream("power_stages")),
      on_energized_(std::move(on_energized)),
      on_stage_(*this, eng) {
  for (const Sku& k : s_.skus)
    gpu_it_uw_.push_back(std::llround(k.rack_power_kw * units::kMicrowattsPerKw / k.gpus_per_rack));
}

void Power::add_site(std::uint32_t si) {
  const Site& spec = s_.sites[si];
  SitePower site;
  for (const Sku& k : s_.skus)
    site.reserve_uw.push_back(std::llround(k.rack_power_kw * units::kMicrowattsPerKw * spec.pue));
  sites_.push_back(std::move(site));
  for (const PowerStage& st : spec.power_stages) {
    Tick at = st.date;
    if (spec.stage_slip_days)
      at = clamp_to_future(at + ticks_from_days(gwsim::sample(*spec.stage_slip_days, rng_stage_)));
    stages_.push_back(Stage{si, units::mw_to_uw(st.power_mw)});
    eng_.schedule_at(at, on_stage_.id(), stages_.size() - 1);
  }
}

void Power::energize(std::uint64_t stage) {
  const Stage& st = stages_[stage];
  sites_[st.site].energized_uw += st.power_uw;
  energized_total_uw_ += st.power_uw;
  on_energized_(st.site);
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
  rec.bind(columns::energy_cost_usd, [this] { return energy_mwh(eng_.now()) * s_.energy_usd_per_mwh; });
  bind_site_columns(rec);
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
  rec.bind_sites(columns::energy_cost_usd, [this](std::span<double> out) {
    for (std::uint32_t si = 0; si < out.size(); ++si) out[si] = site_energy_mwh(si, eng_.now()) * s_.energy_usd_per_mwh;
  });
}

}  // namespace gwsim

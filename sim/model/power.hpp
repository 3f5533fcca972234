// gwsim/sim/model/power.hpp -- the power ledger: power stages energized per
// site (with optional slips), facility power reserved by installed racks,
// the IT and facility draw of powered GPUs, energy and its cost.
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
#include "core/random.hpp"
#include "core/stats.hpp"
#include "core/units.hpp"
#include "model/recorder.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class Power {
 public:
  // `on_energized(site)` is called after a stage adds power at `site`.
  Power(Engine& eng, const Scenario& s, const RandomStreams& streams, std::function<void(std::uint32_t)> on_energized);

  // Schedules the stages of site `si` (sites are added in order).
  void add_site(std::uint32_t si);
  void bind_columns(Recorder& rec);

  // Whether one more rack of `sku` fits in the energized power of site `si`.
  bool fits(std::uint32_t si, std::uint32_t sku) const {
    return sites_[si].reserved_uw + sites_[si].reserve_uw[sku] <= sites_[si].energized_uw;
  }
  // Reserves the facility power of one rack of `sku` at `si` (after fits()).
  void reserve(std::uint32_t si, std::uint32_t sku) { sites_[si].reserved_uw += sites_[si].reserve_uw[sku]; }
  // `gpus` GPUs of `sku` at `si` start (> 0) or stop (< 0) drawing power.
  // Inline, as the other hot paths of capacity: it runs on every failure and repair.
  void change_it(std::uint32_t si, std::uint32_t sku, std::int64_t gpus) {
    const std::int64_t delta = gpus * gpu_it_uw_[sku];
    SitePower& site = sites_[si];
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
  // Facility energy of site `si` from the start to `now` (its IT draw integrated, x its PUE).
  double site_energy_mwh(std::uint32_t si, Tick now) const;
  double energy_mwh(Tick now) const { return facility_mw_.integral_hours(now); }
  double peak_facility_mw() const { return facility_mw_.max(); }
  double peak_it_mw() const { return peak_it_mw_; }

 private:
  void energize(std::uint64_t stage);
  void bind_site_columns(Recorder& rec);

  struct SitePower {
    std::int64_t energized_uw = 0;         // facility power energized
    std::int64_t reserved_uw = 0;          // facility power reserved by installed racks
    std::int64_t it_uw = 0;                // IT draw of the site's powered GPUs
    Tick it_since = 0;                     // it_uw has held since then
    double it_uw_hours = 0;                // it_uw integrated up to it_since
    std::vector<std::int64_t> reserve_uw;  // per SKU: facility power one rack reserves
  };
  struct Stage {
    std::uint32_t site = 0;
    std::int64_t power_uw = 0;
  };

  Engine& eng_;
  const Scenario& s_;
  RandomEngine rng_stage_;
  std::function<void(std::uint32_t)> on_energized_;
  std::vector<std::int64_t> gpu_it_uw_;  // per SKU: IT power of one GPU's share of its rack
  std::vector<SitePower> sites_;
  std::vector<Stage> stages_;
  std::int64_t energized_total_uw_ = 0, it_total_uw_ = 0;
  double facility_total_uw_ = 0, peak_it_mw_ = 0;
  TimeWeighted facility_mw_;
  MemberHandler<Power, &Power::energize> on_stage_;
};

}  // namespace gwsim

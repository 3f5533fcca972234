// gwsim/sim/model/battery.hpp -- a site battery's ride-through (docs/power.md,
// "On-site generation, batteries and the power ledger"): it discharges at the
// rate the load shed asks (at most its MW) while it holds energy, and
// recharges at its MW whenever it is not discharging (from spare supply; the
// charging is not counted in the facility draw: assumed). Once empty it serves
// again only when full (assumed: no ride-through on a partial charge).
// Energy in microwatt-hours, exact between changes of rate.
#pragma once

#include <algorithm>
#include <cstdint>

#include "core/time.hpp"
#include "core/units.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class SiteBattery {
 public:
  SiteBattery() = default;
  explicit SiteBattery(const Battery& b)
      : power_uw_(units::mw_to_uw(b.power_mw)),
        capacity_uwh_(b.energy_mwh * static_cast<double>(units::kMicrowattsPerMw)),
        energy_uwh_(capacity_uwh_) {}

  bool present() const { return power_uw_ > 0; }
  // Brings the energy up to `now` at the current rate.
  void settle(Tick now) {
    const double h = to_hours(now - since_);
    since_ = now;
    if (h <= 0) return;
    if (rate_uw_ > 0) {
      energy_uwh_ = std::max(0.0, energy_uwh_ - static_cast<double>(rate_uw_) * h);
      discharged_uwh_ += static_cast<double>(rate_uw_) * h;
    } else {
      energy_uwh_ = std::min(capacity_uwh_, energy_uwh_ + static_cast<double>(power_uw_) * h);
      if (energy_uwh_ >= capacity_uwh_) depleted_ = false;
    }
  }
  // The power it can give now (after settle()).
  std::int64_t available_uw() const { return !depleted_ && energy_uwh_ > 0 ? power_uw_ : 0; }
  // From now (after settle()), it discharges at `rate_uw` (<= available_uw()); 0: it recharges.
  // Returns when it will be empty at that rate (kFarFuture if never).
  Tick discharge(Tick now, std::int64_t rate_uw) {
    rate_uw_ = rate_uw;
    if (rate_uw <= 0) return kFarFuture;
    const double hours = energy_uwh_ / static_cast<double>(rate_uw);
    return clamp_to_future(now + std::max<Tick>(1, ticks_from_hours(hours)));
  }
  // It ran empty (its empty time came): it serves again only when full.
  void emptied(Tick now) {
    settle(now);
    energy_uwh_ = 0;
    depleted_ = true;
    rate_uw_ = 0;
  }
  std::int64_t rate_uw() const { return rate_uw_; }
  double discharged_mwh() const { return units::uw_to_mw(discharged_uwh_); }

 private:
  std::int64_t power_uw_ = 0;
  double capacity_uwh_ = 0, energy_uwh_ = 0, discharged_uwh_ = 0;
  std::int64_t rate_uw_ = 0;  // > 0: discharging
  Tick since_ = 0;
  bool depleted_ = false;
};

}  // namespace gwsim

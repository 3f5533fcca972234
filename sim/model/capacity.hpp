// gwsim/sim/model/capacity.hpp -- the GPUs in service: the seam that the job
// system listens to and the contracts read. A rack enters service after burn-in;
// its GPUs then go down when a failure takes them (model/failures.hpp) and
// come up again when repaired (model/repairs.hpp). Keeps the counts of GPUs
// up, failed (waiting for a technician or a spare) and in repair, per site,
// SKU and (site, SKU), the racks in service and the key dates (first instants
// at which 50/90/100% of the ordered racks were in service), and the GPUs up
// per provider (what compute contracts pay for, model/contracts.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "core/stats.hpp"
#include "core/units.hpp"
#include "model/inventory.hpp"
#include "model/power.hpp"
#include "model/recorder.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

// Told when GPUs come up (enter service, or return from repair) and go down
// (fail); the job system listens to schedule work on the capacity. `rack` is
// the rack's index in the inventory (model/inventory.hpp): the first
// gpus_up() of a rack is its entry into service, with all its GPUs.
class CapacityListener {
 public:
  virtual void gpus_up(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) = 0;
  virtual void gpus_down(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) = 0;

 protected:
  ~CapacityListener() = default;
};

// The built-in milestones (key dates): these percentages of the ordered racks in service.
inline constexpr std::array<int, 3> kKeyDatePercents{50, 90, 100};
// The racks in service that `percent` of `ordered` racks needs: the least n with 100 n >= percent x ordered.
constexpr std::int64_t racks_needed(std::int64_t ordered, int percent) { return (percent * ordered + 99) / 100; }

struct KeyDates {
  std::optional<Tick> in_service_50pct, in_service_90pct, in_service_100pct;
};

class Capacity {
 public:
  // `on_in_service(rack)` is called after a rack entered service (and the listeners were told).
  Capacity(Engine& eng, const Scenario& s, Inventory& inv, Power& power,
           std::function<void(std::uint32_t rack)> on_in_service);

  void add_listener(CapacityListener& l) { listeners_.push_back(&l); }
  void bind_columns(Recorder& rec);
  // The racks ordered in all (the base of the key dates).
  void set_racks_ordered(std::int64_t racks) { racks_ordered_ = racks; }

  // Rack `r` passed burn-in: its GPUs are up.
  void enter_service(std::uint32_t r);
  // `gpus` GPUs of `sku` at `si`, in rack `rack`, fail (from up to failed).
  void take_down(std::uint32_t si, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) {
    up_gpus_ -= gpus;
    failed_gpus_ += gpus;
    site_[si].failed += gpus;
    down_tw_.set(eng_.now(), static_cast<double>(failed_gpus_ + in_repair_gpus_ + cordoned_gpus_));
    add_up(si, sku, -gpus);
    power_.change_it(si, sku, -gpus);
    for (CapacityListener* l : listeners_) l->gpus_down(si, sku, rack, gpus);
  }
  // A repair of `gpus` failed GPUs at `si` starts (from failed to in repair).
  void repair_started(std::uint32_t si, std::int64_t gpus) {
    failed_gpus_ -= gpus;
    in_repair_gpus_ += gpus;
    site_[si].failed -= gpus;
    site_[si].in_repair += gpus;
  }
  // A repair of `gpus` GPUs of `sku` at `si`, in rack `rack`, ends (from in repair to up).
  void bring_up(std::uint32_t si, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) {
    up_gpus_ += gpus;
    in_repair_gpus_ -= gpus;
    site_[si].in_repair -= gpus;
    down_tw_.set(eng_.now(), static_cast<double>(failed_gpus_ + in_repair_gpus_ + cordoned_gpus_));
    add_up(si, sku, gpus);
    power_.change_it(si, sku, gpus);
    for (CapacityListener* l : listeners_) l->gpus_up(si, sku, rack, gpus);
  }

  // Cordoned GPUs (docs/model.md, "Cordon rule" and "Lemon policy"): up GPUs
  // of a rack held out of service, not failed. The listeners hear them go
  // down and come up as for a failure; the gpus_failed column counts them.
  // `gpus` up GPUs of rack `rack` are held (from up to cordoned).
  void cordon(std::uint32_t si, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) {
    move_cordoned(si, gpus);
    add_up(si, sku, -gpus);
    up_gpus_ -= gpus;
    power_.change_it(si, sku, -gpus);
    for (CapacityListener* l : listeners_) l->gpus_down(si, sku, rack, gpus);
  }
  // `gpus` cordoned GPUs of rack `rack` return to service (from cordoned to up).
  void uncordon(std::uint32_t si, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) {
    move_cordoned(si, -gpus);
    add_up(si, sku, gpus);
    up_gpus_ += gpus;
    power_.change_it(si, sku, gpus);
    for (CapacityListener* l : listeners_) l->gpus_up(si, sku, rack, gpus);
  }
  // A failure takes `gpus` cordoned GPUs (from cordoned to failed; the listeners knew them down).
  void fail_cordoned(std::uint32_t si, std::int64_t gpus) {
    move_cordoned(si, -gpus);
    failed_gpus_ += gpus;
    site_[si].failed += gpus;
    down_tw_.set(eng_.now(), static_cast<double>(failed_gpus_ + in_repair_gpus_ + cordoned_gpus_));
  }
  // A repair of `gpus` GPUs ends in a rack still cordoned (from in repair to cordoned).
  void repaired_to_cordon(std::uint32_t si, std::int64_t gpus) {
    in_repair_gpus_ -= gpus;
    site_[si].in_repair -= gpus;
    move_cordoned(si, gpus);
  }
  // A rack leaves service for good (docs/model.md, "Lemon policy"); its GPUs stay cordoned.
  void retire(std::uint32_t si, std::uint32_t sku) {
    --racks_in_service_;
    --site_[si].racks;
    --inv_.cell(si, sku).racks_in_service;
  }
  // `gpus` cordoned GPUs of a rack the lifecycle retired leave the fleet (model/lifecycle.hpp).
  void leave(std::uint32_t si, std::int64_t gpus) { move_cordoned(si, -gpus); }

  // Providers, numbered in order of first appearance among the sites.
  const std::vector<std::string>& providers() const { return providers_; }
  // GPU-hours that provider `p`'s sites have had up, from the start to `now`.
  double provider_gpu_hours(std::size_t p, Tick now) const { return provider_up_tw_[p].integral_hours(now); }

  std::int64_t gpus_up() const { return up_gpus_; }
  std::int64_t site_gpus_up(std::uint32_t si) const { return site_[si].up; }
  std::int64_t racks_in_service() const { return racks_in_service_; }
  const KeyDates& key_dates() const { return key_dates_; }
  double failed_gpu_days(Tick now) const { return down_tw_.integral_hours(now) / units::kHoursPerDay; }

 private:
  void add_up(std::uint32_t si, std::uint32_t sku, std::int64_t gpus) {
    site_[si].up += gpus;
    sku_up_[sku] += gpus;
    inv_.cell(si, sku).gpus_up += gpus;
    const auto p = static_cast<std::size_t>(site_provider_[si]);
    provider_up_[p] += gpus;
    provider_up_tw_[p].set(eng_.now(), static_cast<double>(provider_up_[p]));
  }
  void move_cordoned(std::uint32_t si, std::int64_t gpus) {
    cordoned_gpus_ += gpus;
    site_[si].cordoned += gpus;
    down_tw_.set(eng_.now(), static_cast<double>(failed_gpus_ + in_repair_gpus_ + cordoned_gpus_));
  }
  void note_key_dates();
  double pflops(double Sku::*per_gpu) const;
  // Per site: the sum over its SKUs of its GPUs up x per_gpu(SKU).
  template <class F>
  Recorder::SiteValues site_sum_per_gpu(F per_gpu) const;
  void bind_site_columns(Recorder& rec);

  // Per site: GPUs up, failed and in repair (as up_gpus_, ...), racks in service.
  struct SiteCounts {
    std::int64_t up = 0, failed = 0, in_repair = 0, racks = 0, cordoned = 0;
  };

  Engine& eng_;
  const Scenario& s_;
  Inventory& inv_;
  Power& power_;
  std::function<void(std::uint32_t)> on_in_service_;
  std::vector<CapacityListener*> listeners_;
  std::int64_t up_gpus_ = 0;
  std::int64_t failed_gpus_ = 0;     // down, waiting for a technician or a spare
  std::int64_t in_repair_gpus_ = 0;  // down, being repaired
  std::int64_t cordoned_gpus_ = 0;   // not failed, held out of service with their rack
  std::int64_t racks_in_service_ = 0, racks_ordered_ = 0;
  std::vector<SiteCounts> site_;
  std::vector<std::int64_t> sku_up_;
  std::vector<std::string> providers_;
  std::vector<int> site_provider_;         // per site: its provider's index
  std::vector<std::int64_t> provider_up_;  // per provider: GPUs up now
  std::vector<TimeWeighted> provider_up_tw_;
  TimeWeighted down_tw_;
  KeyDates key_dates_;
};

}  // namespace gwsim

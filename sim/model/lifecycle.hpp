// gwsim/sim/model/lifecycle.hpp -- the fleet lifecycle (docs/money.md, "Fleet
// lifecycle"): a rack retires at the end of its SKU's life, or by a refresh
// policy (its SKU's racks in service at a date, or reaching an age). One
// event per rack (at in-service + life, or + age) or one per dated policy: no
// scan of the fleet per event. A retired rack leaves service through the
// `retire` hook (model/cordon.hpp's retire path: its GPUs leave capacity, its
// slot and reserved power are freed, admission installs queued racks there);
// its resale value (owned share x resale_share x capex) goes to `resale`. A
// refresh with a `to` SKU orders, per site, as many `to` racks as fit the
// rack power freed there and no more than the slots freed, through `order`.
// Also samples the fleet mix by SKU (racks, GPUs up, H100e) at each daily row.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/engine.hpp"
#include "model/inventory.hpp"
#include "model/lifecycle_figures.hpp"
#include "model/recorder.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class Admission;
class Cordon;
class Deliveries;
class Failures;
class Power;

class FleetLifecycle {
 public:
  struct Hooks {
    std::function<bool(std::uint32_t rack)> retire;  // takes it out of service; false if it already left
    std::function<void(std::uint32_t site, std::uint32_t sku, std::int64_t racks, Tick lead, bool owned)> order;
    std::function<void(double usd)> resale;  // may be empty
  };
  FleetLifecycle(Engine& eng, const Scenario& s, const Inventory& inv, Tick horizon, Hooks hooks);

  static bool used(const Scenario& s) { return s.lifecycle.has_value(); }
  // A SKU's life in years: its life_years, else costs.it_life_years, else 5.
  static double life_years(const Scenario& s, const Sku& k);
  // The rack power one rack of `sku` frees or needs, in watts (rounded: exact integer sums).
  static std::int64_t rack_w(const Sku& k);

  // Rack `r` entered service now: its end of life and age-based refreshes are scheduled.
  void in_service(std::uint32_t r);
  // racks_retired, and the fleet mix sampled before each row.
  void bind_columns(Recorder& rec);
  LifecycleFigures figures() const;
  // Money received for each retired owned rack (model/money.hpp's resale), if set.
  void on_resale(std::function<void(double usd)> f) { hooks_.resale = std::move(f); }

 private:
  void retire_event(std::uint64_t payload);  // (policy + 1) << 32 | rack; policy -1: end of life
  void refresh_date(std::uint64_t policy);
  bool retire(std::uint32_t r, int policy);
  void replace(std::size_t policy, std::uint32_t site);
  void sample(Tick now);

  struct Freed {
    std::int64_t w = 0;      // rack power freed and not yet replaced
    std::int64_t slots = 0;  // slots freed and not yet replaced
  };

  Engine& eng_;
  const Scenario& s_;
  const Inventory& inv_;
  Tick horizon_;
  Hooks hooks_;
  std::vector<Tick> life_;                         // per SKU: ticks in service (0: never retires at end of life)
  std::vector<double> owned_share_;                // per (site, SKU): the share of its racks ordered owned
  std::vector<std::uint8_t> listed_;               // per SKU: a dated refresh retires it (keep its racks)
  std::vector<std::vector<std::uint32_t>> racks_;  // per listed SKU: its racks that entered service
  std::vector<Freed> freed_;                       // per (refresh policy, site)
  std::int64_t retired_ = 0, refreshed_ = 0, reordered_ = 0, gpus_retired_ = 0;
  double resale_usd_ = 0;
  std::vector<FleetMixRow> mix_;
  MemberHandler<FleetLifecycle, &FleetLifecycle::retire_event> on_retire_;
  MemberHandler<FleetLifecycle, &FleetLifecycle::refresh_date> on_refresh_;
};

// The buildout's hooks: a retired rack leaves service through the cordon
// (listeners hear its GPUs go down), its failure clock stops, its reserved
// power and slot are freed and its site admits queued racks; refresh orders
// go through Deliveries. `resale` is left empty.
FleetLifecycle::Hooks lifecycle_hooks(const Inventory& inv, Cordon& cordon, Failures& failures, Power& power,
                                      Admission& admission, Deliveries& deliveries);

}  // namespace gwsim

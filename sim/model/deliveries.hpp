// gwsim/sim/model/deliveries.hpp -- orders to racks at their site: each
// delivery of an order ships on its date (plus an optional slip drawn from the
// "deliveries" stream), travels for the order's lead time and arrives; its
// racks then join the site's install queue. Counts the GPUs not shipped, in
// transit and delivered, and the rack capex, counted on arrival.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "core/stats.hpp"
#include "core/units.hpp"
#include "model/inventory.hpp"
#include "model/recorder.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class Deliveries {
 public:
  // `on_arrival(site, first_rack, racks)`: racks [first_rack, first_rack + racks) of
  // Inventory::racks arrived at `site`.
  using Arrival = std::function<void(std::uint32_t site, std::uint32_t first_rack, std::int64_t racks)>;
  Deliveries(Engine& eng, const Scenario& s, const RandomStreams& streams, Inventory& inv, Arrival on_arrival);

  // Schedules every delivery of every order (draws its slip).
  void schedule_orders();
  // An order placed during the run (a refresh, model/lifecycle.hpp): `racks`
  // racks of `sku` for site `si` (owned or leased) ship now and arrive `lead` later.
  void order_now(std::uint32_t si, std::uint32_t sku, std::int64_t racks, Tick lead, bool owned);
  void bind_columns(Recorder& rec);

  // Per site: racks not shipped and in transit now, and the earliest ship date of the former.
  struct Pending {
    std::int64_t racks_not_shipped = 0, racks_in_transit = 0;
    std::optional<Tick> next_ship;
  };
  std::vector<Pending> pending() const;

  // docs/money.md: `f(site, sku, first_rack, racks)` is told of each arrival of owned racks, racks
  // [first_rack, first_rack + racks) of Inventory::racks (the money model).
  using OwnedArrival =
      std::function<void(std::uint32_t site, std::uint32_t sku, std::uint32_t first_rack, std::int64_t racks)>;
  void on_owned_arrival(OwnedArrival f) { on_owned_arrival_ = std::move(f); }

  std::int64_t racks_ordered() const { return racks_ordered_; }
  std::int64_t gpus_ordered() const { return gpus_ordered_; }
  double capex_usd() const { return capex_usd_; }
  double in_transit_gpu_days(Tick now) const { return in_transit_tw_.integral_hours(now) / units::kHoursPerDay; }

 private:
  void ship(std::uint64_t b);
  void arrive(std::uint64_t b);

  struct Batch {
    std::uint32_t site = 0;
    std::uint32_t sku = 0;
    std::int64_t racks = 0;
    Tick lead = 0;
    Tick ship_at = 0;   // with its slip
    bool owned = true;  // docs/money.md: a leased order's racks are the provider's (no capex)
    enum class Stage : std::uint8_t { ordered, shipped, arrived } stage = Stage::ordered;
  };

  // Per site: the fleet's counts at that site.
  struct SiteCounts {
    std::int64_t ordered = 0, not_shipped = 0, in_transit = 0, delivered = 0;  // GPUs
    double capex_usd = 0;
  };

  Engine& eng_;
  const Scenario& s_;
  RandomEngine rng_ship_;
  Inventory& inv_;
  Arrival on_arrival_;
  OwnedArrival on_owned_arrival_;
  std::vector<Batch> batches_;
  std::vector<SiteCounts> site_;
  std::int64_t racks_ordered_ = 0, gpus_ordered_ = 0, not_shipped_ = 0, in_transit_ = 0, delivered_ = 0;
  double capex_usd_ = 0;
  TimeWeighted in_transit_tw_;
  MemberHandler<Deliveries, &Deliveries::ship> on_ship_;
  MemberHandler<Deliveries, &Deliveries::arrive> on_arrive_;
};

}  // namespace gwsim

// gwsim/sim/model/money.hpp -- the money model (docs/money.md): what the
// buildout costs, month by month, and per GPU-hour.
//
// An observer in the manner of SimGrid's energy plugins: it never schedules
// events. It is told of owned racks delivered (Deliveries) and retired (the
// cordon: lifecycle or lemon policy), of power changes at a site, of a
// building's shell starting (construction), and of GPUs up and down (a
// CapacityListener); it reads the stages' drawn energization instants once
// (PowerStages) and the energy, capacity-charge, fuel and contract accessors
// at each daily sample. Capex, depreciation, capital charges, staff and
// maintenance are closed-form linear accruals (model/linear_accrual.hpp),
// exact between samples.
//
// Parts of issue 17 plug in through contract_paid() (amounts beyond
// Contracts::spend()'s paid_usd, e.g. a late-delivery credit, negative) and
// resale() (money received for retired racks).
#pragma once

#include <cstdint>
#include <vector>

#include "core/engine.hpp"
#include "core/stats.hpp"
#include "core/time.hpp"
#include "model/capacity.hpp"
#include "model/linear_accrual.hpp"
#include "model/money_figures.hpp"
#include "model/recorder.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

// The facility split used when costs.facility.split is empty (docs/money.md).
std::vector<CostShare> default_facility_split();

class Contracts;
class EnergyPrices;
class OnsiteGeneration;
class Power;
class PowerStages;

class Money final : public CapacityListener {
 public:
  struct Sources {
    const Power& power;
    const PowerStages& stages;  // the drawn energization instants (read in the constructor)
    const EnergyPrices& prices;
    const OnsiteGeneration& generation;
    const Contracts& contracts;
  };
  Money(const Engine& eng, const Scenario& s, Sources src);

  // Whether the money model runs: a `costs` block beyond energy_usd_per_mwh,
  // a `lifecycle`, or a leased site or order.
  static bool used(const Scenario& s);

  // `racks` owned racks of `sku` arrived at `site` now: racks [first_rack, first_rack + racks) of the inventory.
  void delivered(Tick now, std::uint32_t site, std::uint32_t sku, std::uint32_t first_rack, std::int64_t racks);
  // Rack `rack` retired now (for good): if owned, its depreciation and capital
  // charge stop, its undepreciated capex is written off (book value retired)
  // and it leaves the maintenance base. O(log owned deliveries).
  void retired(Tick now, std::uint32_t rack);
  // Building `k` of owned site `si`, built by construction, begins its shell now:
  // its share of the site's facility capex is paid until `fitout_end`, in service from `ready`.
  void shell_started(Tick now, std::uint32_t si, std::uint32_t k, Tick fitout_end, Tick ready);
  // Whether owned site `si` pays its facility against its buildings' construction (a building has one).
  static bool built_by_construction(const Site& site);
  // The energized power of `site` may have changed now (staff follow it).
  void power_changed(Tick now, std::uint32_t site);
  // Paid under contracts now, beyond Contracts::spend() (a credit: negative).
  void contract_paid(Tick now, double usd);
  // Received now for retired racks (recorded as negative spend).
  void resale(Tick now, double usd);

  void gpus_up(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) override;
  void gpus_down(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) override;

  // money_columns(); the first column's value samples the day (call after the contracts' columns).
  void bind_columns(Recorder& rec);
  // Brings every category up to `now` and adds the day to its month (once per daily row).
  void sample(Tick now);
  MoneyFigures figures() const;

 private:
  void add_stages();
  // `usd` of capex paid over [from, to], in service from `in_service` (kFarFuture: never): its
  // depreciation and capital charge.
  void add_asset(Tick from, Tick to, double usd, double life_years, LinearAccrual& paid, LinearAccrual* depreciation,
                 Tick in_service);
  Tick add_buildings(std::uint32_t si, double usd, Tick build);
  double rack_life_years(const Sku& k) const { return k.life_years > 0 ? k.life_years : c_.it_life_years; }
  void advance(Tick now);
  double annuity_per_year(double usd, double life_years) const;
  MoneyAmounts cumulative(Tick now) const;

  const Engine& eng_;
  const Scenario& s_;
  Sources src_;
  Costs c_;
  std::vector<double> sku_h100e_;  // per SKU: H100 equivalents per GPU
  Calendar cal_;
  // capex by category (lumps and the facility's linear build), and their consequences
  LinearAccrual racks_, network_, facility_, land_, generation_, staff_, charge_;
  LinearAccrual dep_racks_, dep_network_, dep_facility_;
  std::vector<double> staff_mw_;  // per site: IT MW energized that staff are paid for
  // capex of the owned racks retired, as lumps at retirement: out of the maintenance base
  LinearAccrual retired_capex_;
  // Owned racks delivered, in order of rack id: [first, first + racks) arrived at `at`.
  struct OwnedBatch {
    std::uint32_t first = 0;
    std::uint32_t racks = 0;
    std::uint32_t sku = 0;
    Tick at = 0;
  };
  std::vector<OwnedBatch> owned_;
  double book_value_retired_usd_ = 0;
  // per site built by construction: the facility capex of each of its buildings (else empty)
  std::vector<std::vector<double>> building_usd_;
  double contract_extra_usd_ = 0, resale_usd_ = 0;
  std::int64_t owned_gpus_ = 0, leased_gpus_ = 0;  // ordered
  std::int64_t gpus_up_ = 0;
  double h100e_up_ = 0;
  TimeWeighted gpu_tw_, h100e_tw_;
  Tick now_ = 0;
  MoneyAmounts last_{};
  std::vector<CashFlowMonth> months_;
  std::vector<double> daily_running_usd_;  // cumulative energy + capacity + fuel + contracts at each daily row
};

}  // namespace gwsim

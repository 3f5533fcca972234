// gwsim/sim/model/money.hpp -- the money model (docs/money.md): what the
// buildout costs, month by month, and per GPU-hour.
//
// An observer in the manner of SimGrid's energy plugins: it never schedules
// events. It is told of owned racks delivered (Deliveries), of power changes
// at a site, and of GPUs up and down (a CapacityListener), and it reads the
// energy, capacity-charge, fuel and contract accessors at each daily sample.
// Capex, depreciation, capital charges, staff and maintenance are closed-form
// linear accruals (model/linear_accrual.hpp), exact between samples.
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

class Money final : public CapacityListener {
 public:
  struct Sources {
    const Power& power;
    const EnergyPrices& prices;
    const OnsiteGeneration& generation;
    const Contracts& contracts;
  };
  Money(const Engine& eng, const Scenario& s, Sources src);

  // Whether the money model runs: a `costs` block beyond energy_usd_per_mwh,
  // a `lifecycle`, or a leased site or order.
  static bool used(const Scenario& s);

  // `racks` owned racks of `sku` arrived at `site` now.
  void delivered(Tick now, std::uint32_t site, std::uint32_t sku, std::int64_t racks);
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
  // `usd` of capex paid over [from, to], in service from `to`: its depreciation and capital charge.
  void add_asset(Tick from, Tick to, double usd, double life_years, LinearAccrual& paid, LinearAccrual* depreciation);
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
  double contract_extra_usd_ = 0, resale_usd_ = 0;
  std::int64_t owned_gpus_ = 0, leased_gpus_ = 0;  // ordered
  std::int64_t gpus_up_ = 0;
  double h100e_up_ = 0;
  TimeWeighted gpu_tw_, h100e_tw_;
  Tick now_ = 0;
  MoneyAmounts last_{};
  std::vector<CashFlowMonth> months_;
  std::vector<double> daily_energy_usd_;  // cumulative energy + capacity + fuel at each daily row
};

}  // namespace gwsim

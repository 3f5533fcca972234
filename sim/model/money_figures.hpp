// gwsim/sim/model/money_figures.hpp -- what the money model (model/money.hpp,
// docs/money.md) reports at the end of a run: plain values, one member of
// BuildoutSummary. `used` is false when the money model did not run.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gwsim {

// The cash-flow categories, in their fixed order (cash_flow.csv's columns,
// summary.json's money.spend_usd); resale is negative (money received).
enum class MoneyCategory : std::uint8_t {
  racks,
  network,
  facility,
  land,
  generation,
  energy,
  capacity_charges,
  fuel,
  staff,
  maintenance,
  contracts,
  resale
};
inline constexpr std::size_t kMoneyCategories = 12;
inline constexpr std::array<std::string_view, kMoneyCategories> kMoneyCategoryNames{
    "racks", "network", "facility",    "land",      "generation", "energy", "capacity_charges",
    "fuel",  "staff",   "maintenance", "contracts", "resale"};
using MoneyAmounts = std::array<double, kMoneyCategories>;

// The categories summed in their fixed order (the same order everywhere, so that sums agree bit for bit).
inline double money_sum(const MoneyAmounts& a) {
  double total = 0;
  for (double x : a) total += x;
  return total;
}

// One calendar month of cash flow (the first and last months may be partial).
struct CashFlowMonth {
  std::string month;  // "YYYY-MM"
  MoneyAmounts usd{};
  double total_usd = 0;       // the categories summed in their order
  double cumulative_usd = 0;  // totals of this month and the months before
  double discounted_usd = 0;  // total_usd / (1 + discount_rate)^((m + 1) / 12), m = months since the start month
};

struct MoneyFigures {
  bool used = false;
  double cost_of_capital = 0, discount_rate = 0;
  MoneyAmounts spend_usd{};                                              // over the run, by category
  double total_usd = 0;                                                  // spend_usd summed in category order
  std::vector<std::pair<std::string, double>> facility_by_category_usd;  // facility capex by the split's categories
  double capex_usd = 0;  // racks + network + facility + land + generation
  double opex_usd = 0;   // staff + maintenance
  double npv_usd = 0;    // minus the sum of the discounted monthly totals (negative: a cost)
  double depreciation_racks_usd = 0, depreciation_network_usd = 0, depreciation_facility_usd = 0;
  double capital_charge_usd = 0;      // the annuities of the capex at cost_of_capital, pro rata in time
  double book_value_retired_usd = 0;  // undepreciated capex of the owned racks retired (written off)
  // at the end: annuities in force + staff + maintenance + energy, capacity, fuel and contracts of the last year
  double annualized_cost_usd_per_year = 0;
  double gpu_hours_in_service = 0, h100e_hours_in_service = 0;
  double cost_per_gpu_hour_usd = 0, cost_per_h100e_hour_usd = 0;  // 0 when no GPU-hours
  std::int64_t owned_gpus = 0, leased_gpus = 0;                   // ordered
  std::vector<CashFlowMonth> cash_flow;
};

}  // namespace gwsim

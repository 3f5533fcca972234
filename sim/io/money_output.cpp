// summary.json's "money" section and cash_flow.csv (docs/money.md, "Cash
// flow and NPV"; docs/outputs.md): only when the money model ran.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/output.hpp"
#include "model/columns.hpp"

namespace gwsim {

namespace {

nlohmann::json amounts_json(const MoneyAmounts& a, double total) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < kMoneyCategories; ++i) out[std::string(kMoneyCategoryNames[i])] = a[i];
  out["total"] = total;
  return out;
}

}  // namespace

nlohmann::json money_json(const Scenario& s, const BuildoutSummary& sum) {
  using nlohmann::json;
  const MoneyFigures& m = sum.money;
  json facility = json::object();
  for (const auto& [category, usd] : m.facility_by_category_usd) facility[category] = usd;
  const double depreciation = m.depreciation_racks_usd + m.depreciation_network_usd + m.depreciation_facility_usd;
  json out{{"cost_of_capital", m.cost_of_capital},
           {"discount_rate", m.discount_rate},
           {columns::spend_usd.name, amounts_json(m.spend_usd, m.total_usd)},
           {"facility_by_category_usd", facility},
           {columns::capex_usd.name, m.capex_usd},
           {columns::opex_usd.name, m.opex_usd},
           {"npv_usd", m.npv_usd},
           {columns::depreciation_usd.name,
            {{"racks", m.depreciation_racks_usd},
             {"network", m.depreciation_network_usd},
             {"facility", m.depreciation_facility_usd},
             {"total", depreciation}}},
           {"capital_charge_usd", m.capital_charge_usd},
           {"annualized_cost_usd_per_year", m.annualized_cost_usd_per_year},
           {"gpu_hours_in_service", m.gpu_hours_in_service},
           {"h100e_hours_in_service", m.h100e_hours_in_service},
           {"cost_per_gpu_hour_usd", m.cost_per_gpu_hour_usd},
           {"cost_per_h100e_hour_usd", m.cost_per_h100e_hour_usd},
           {"owned_gpus", m.owned_gpus},
           {"leased_gpus", m.leased_gpus}};
  out["contracts"] = contracts_json(sum);  // part 2: io/contracts_output.cpp
  // racks retired by a lemon policy with no lifecycle (with one: under money.lifecycle, io/output.cpp)
  if (!s.lifecycle && s.lemon_policy && s.lemon_policy->action == LemonAction::retire)
    out["book_value_retired_usd"] = m.book_value_retired_usd;
  return out;
}

// One row per calendar month; amounts with 17 significant digits (exact round trip).
std::string cash_flow_csv(const MoneyFigures& m) {
  std::string out = "month";
  for (std::string_view name : kMoneyCategoryNames) out += fmt::format(",{}_usd", name);
  out += ",total_usd,cumulative_usd,discounted_usd\n";
  for (const CashFlowMonth& row : m.cash_flow) {
    out += row.month;
    for (double usd : row.usd) out += fmt::format(",{:.17g}", usd);
    out += fmt::format(",{:.17g},{:.17g},{:.17g}\n", row.total_usd, row.cumulative_usd, row.discounted_usd);
  }
  return out;
}

}  // namespace gwsim

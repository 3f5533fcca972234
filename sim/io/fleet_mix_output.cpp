// The fleet lifecycle's outputs (docs/money.md, "Fleet lifecycle";
// docs/outputs.md): fleet_mix.csv (one row per day and SKU with racks in
// service) and summary.json's lifecycle figures (under "money", or at the top
// level when the money model did not run). Only with a scenario `lifecycle`.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "io/output.hpp"

namespace gwsim {

nlohmann::json lifecycle_json(const Scenario& s, const BuildoutSummary& sum) {
  const LifecycleFigures& f = sum.lifecycle;
  nlohmann::json by_sku = nlohmann::json::object();
  for (std::size_t k = 0; k < f.h100e_by_sku_at_end.size() && k < s.skus.size(); ++k)
    if (f.h100e_by_sku_at_end[k] > 0) by_sku[s.skus[k].name] = f.h100e_by_sku_at_end[k];
  nlohmann::json out{{"racks_retired", f.racks_retired},  // check_columns: not the column (the total at the end)
                     {"racks_refreshed", f.racks_refreshed}, {"racks_reordered", f.racks_reordered},
                     {"gpus_retired", f.gpus_retired},       {"resale_usd", f.resale_usd},
                     {"h100e_by_sku_at_end", by_sku}};
  // gain or loss on disposal = resale - book value (docs/money.md, "Retirement")
  if (sum.money.used) out["book_value_retired_usd"] = sum.money.book_value_retired_usd;
  return out;
}

std::string fleet_mix_csv(const Scenario& s, const LifecycleFigures& f, const Calendar& cal) {
  std::string out = "date,sku,racks,gpus_up,h100e\n";
  for (const FleetMixRow& row : f.fleet_mix)
    out += fmt::format("{},{},{},{},{}\n", cal.format_date(days(row.day)), s.skus[row.sku].name, row.racks, row.gpus_up,
                       row.h100e);
  return out;
}

}  // namespace gwsim

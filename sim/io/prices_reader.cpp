// sites[].prices and catalog.<SKU>.embodied_tco2_per_rack (docs/power.md, "Prices and carbon").
#include <fmt/format.h>

#include "io/scenario_reader.hpp"

namespace gwsim::detail {

void ScenarioReader::site_prices(const json& j, const Ptr& p, Site& s) {
  const json* pr = Reader::optional(j, "prices");
  if (pr == nullptr) return;
  const Ptr q = p / "prices";
  const json& o = r_.object(*pr, q, {"energy_usd_per_mwh", "capacity_usd_per_mw_day", "grid_tco2_per_mwh"});
  if (const json* e = Reader::optional(o, "energy_usd_per_mwh"))
    s.prices.energy_usd_per_mwh = dated_steps(*e, q / "energy_usd_per_mwh");
  if (const json* c = Reader::optional(o, "capacity_usd_per_mw_day"))
    s.prices.capacity_usd_per_mw_day = dated_steps(*c, q / "capacity_usd_per_mw_day");
  if (const json* g = Reader::optional(o, "grid_tco2_per_mwh"))
    s.prices.grid_tco2_per_mwh = dated_steps(*g, q / "grid_tco2_per_mwh");
}

DatedSteps ScenarioReader::dated_steps(const json& j, const Ptr& p) {
  const json& a = r_.array(j, p, 1);
  DatedSteps out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Ptr q = p / i;
    r_.object(a[i], q, {"from", "value"});
    const Tick t = date(a[i], q, "from");
    if (!out.dates.empty() && t <= out.dates.back())
      r_.fail("scenario.order", q / "from",
              fmt::format("dates must be strictly increasing: {} is not after the previous step",
                          a[i]["from"].get<std::string>()));
    out.dates.push_back(t);
    out.values.push_back(r_.number(a[i], q, "value", Range{0.0, 1e9}));
  }
  return out;
}

void ScenarioReader::sku_carbon(const json& j, const Ptr& p, Sku& k) {
  if (const json* e = Reader::optional(j, "embodied_tco2_per_rack"))
    k.embodied_tco2_per_rack = r_.number(*e, p / "embodied_tco2_per_rack", Range{0.0, 1e6});
}

}  // namespace gwsim::detail

// sites[].generation and sites[].battery: on-site generation units and a
// battery (docs/power.md, "On-site generation, batteries and the power ledger").
#include <set>
#include <string>

#include <fmt/format.h>

#include "io/scenario_reader.hpp"

namespace gwsim::detail {

namespace {
// A unit may have been ordered before the horizon (turbines ordered in 2025 for a 2026 scenario).
constexpr int kMaxYearsBeforeOrder = 30;
constexpr double kMaxUnitMw = 1e5;
}  // namespace

void ScenarioReader::site_generation(const json& j, const Ptr& p, Site& s) {
  if (const json* b = Reader::optional(j, "battery")) {
    const Ptr bp = p / "battery";
    r_.object(*b, bp, {"power_mw", "energy_mwh"});  // check_columns: not the column (a battery's key)
    Battery battery;
    battery.power_mw = r_.number(*b, bp, "power_mw", Range{0.0, kMaxUnitMw, true, false});
    battery.energy_mwh = r_.number(*b, bp, "energy_mwh", Range{0.0, 1e7});  // check_columns: not the column
    s.battery = battery;
  }
  const json* g = Reader::optional(j, "generation");
  if (g == nullptr) return;
  const Ptr gp = p / "generation";
  const json& a = r_.array(*g, gp, 1, 1000);
  std::set<std::string> names;
  for (std::size_t i = 0; i < a.size(); ++i) {
    s.generation.push_back(generation_unit(a[i], gp / i));
    const std::string& name = s.generation.back().name;
    if (!name.empty() && !names.insert(name).second)
      r_.fail("scenario.duplicate", gp / i / "name",
              fmt::format("generation unit name \"{}\" is already used at this site", name));
  }
}

Generation ScenarioReader::generation_unit(const json& a_i, const Ptr& q) {
  const json& u = r_.object(a_i, q,
                            {"name", "kind", "power_mw", "ordered", "lead_time_days", "capex_usd_per_kw",
                             "fuel_usd_per_mwh", "heat_rate_mmbtu_per_mwh", "gas_usd_per_mmbtu", "tco2_per_mwh",
                             "forced_outage_rate", "mean_outage_hours", "after_grid"});
  Generation g;
  if (const json* n = Reader::optional(u, "name")) g.name = r_.string(*n, q / "name", false);
  const std::string kind = r_.string(u, q, "kind", true);
  if (kind == "gas_turbine") g.kind = GenerationKind::gas_turbine;
  else if (kind == "recip_engine") g.kind = GenerationKind::recip_engine;
  else if (kind == "fuel_cell") g.kind = GenerationKind::fuel_cell;
  else
    r_.fail("scenario.range", q / "kind",
            fmt::format("expected \"gas_turbine\", \"recip_engine\" or \"fuel_cell\", got \"{}\"", kind));
  g.power_mw = r_.number(u, q, "power_mw", Range{0.0, kMaxUnitMw, true, false});
  const std::string text = r_.date_text(r_.required(u, q, "ordered"), q / "ordered");
  g.ordered = cal_.parse(text);
  if (g.ordered < -days(366LL * kMaxYearsBeforeOrder) || g.ordered > s_.end)
    r_.fail("scenario.horizon", q / "ordered",
            fmt::format("date {} is outside [{} years before {}, {}]", text, kMaxYearsBeforeOrder, s_.start_iso,
                        s_.end_iso));
  if (const json* d = Reader::optional(u, "lead_time_days"))
    g.lead_time_days = distribution(*d, q / "lead_time_days", true);
  if (const json* c = Reader::optional(u, "capex_usd_per_kw"))
    g.capex_usd_per_kw = r_.number(*c, q / "capex_usd_per_kw", Range{0.0, 1e6});
  generation_fuel(u, q, g);
  g.tco2_per_mwh = r_.number(u, q, "tco2_per_mwh", Range{0.0, 10.0});
  if (const json* f = Reader::optional(u, "forced_outage_rate"))
    g.forced_outage_rate = r_.number(*f, q / "forced_outage_rate", Range{0.0, 1.0, false, true});
  if (const json* m = Reader::optional(u, "mean_outage_hours"))
    g.mean_outage_hours = r_.number(*m, q / "mean_outage_hours", Range{0.0, 1e5, true, false});
  if (const json* ag = Reader::optional(u, "after_grid")) {
    const std::string after = r_.string(*ag, q / "after_grid", true);
    if (after == "retire") g.after_grid = AfterGrid::retire;
    else if (after == "backup") g.after_grid = AfterGrid::backup;
    else if (after == "keep") g.after_grid = AfterGrid::keep;
    else
      r_.fail("scenario.range", q / "after_grid",
              fmt::format("expected \"retire\", \"backup\" or \"keep\", got \"{}\"", after));
  }
  return g;
}

// Exactly one of fuel_usd_per_mwh, or heat_rate_mmbtu_per_mwh with gas_usd_per_mmbtu (their product).
void ScenarioReader::generation_fuel(const json& u, const Ptr& q, Generation& g) {
  const json* fuel = Reader::optional(u, "fuel_usd_per_mwh");
  const json* heat = Reader::optional(u, "heat_rate_mmbtu_per_mwh");
  const json* gas = Reader::optional(u, "gas_usd_per_mmbtu");
  if (fuel != nullptr) {
    if (heat != nullptr || gas != nullptr)
      r_.fail("scenario.unknown_key", q / (heat != nullptr ? "heat_rate_mmbtu_per_mwh" : "gas_usd_per_mmbtu"),
              "give fuel_usd_per_mwh, or heat_rate_mmbtu_per_mwh and gas_usd_per_mmbtu, not both");
    g.fuel_usd_per_mwh = r_.number(*fuel, q / "fuel_usd_per_mwh", Range{0.0, 1e5});
    return;
  }
  if (heat == nullptr && gas == nullptr)
    r_.fail("scenario.missing_key", q / "fuel_usd_per_mwh",
            "missing key: fuel_usd_per_mwh, or heat_rate_mmbtu_per_mwh and gas_usd_per_mmbtu");
  const double rate = r_.number(u, q, "heat_rate_mmbtu_per_mwh", Range{0.0, 100.0, true, false});
  const double price = r_.number(u, q, "gas_usd_per_mmbtu", Range{0.0, 1e4});
  g.fuel_usd_per_mwh = rate * price;
}

}  // namespace gwsim::detail

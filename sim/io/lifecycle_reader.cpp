// The fleet lifecycle (docs/money.md, "Fleet lifecycle"): the top-level
// `lifecycle` block and the catalog's life_years and resale_share.
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "io/scenario_reader.hpp"

namespace gwsim::detail {

namespace {
constexpr double kMaxLifeYears = 100;
}  // namespace

void ScenarioReader::sku_lifecycle(const json& j, const Ptr& p, Sku& k) {
  if (Reader::optional(j, "life_years") != nullptr)
    k.life_years = r_.number(j, p, "life_years", Range{0.0, kMaxLifeYears});
  if (Reader::optional(j, "resale_share") != nullptr) k.resale_share = r_.number(j, p, "resale_share", Range{0.0, 1.0});
}

namespace {
int sku_named(const Scenario& s, const std::string& name) {
  const auto k = std::find_if(s.skus.begin(), s.skus.end(), [&](const Sku& x) { return x.name == name; });
  return k == s.skus.end() ? -1 : static_cast<int>(k - s.skus.begin());
}
}  // namespace

// One refresh policy: retire `from` racks by date or age; `to` racks replace them.
Refresh ScenarioReader::refresh(const json& j, const Ptr& q) {
  r_.object(j, q, {"name", "from", "to", "date", "age_years", "lead_time_days"});
  Refresh rf;
  rf.name = r_.string(j, q, "name", true);
  for (const std::string key : {"from", "to"}) {
    if (key == "to" && Reader::optional(j, "to") == nullptr) break;
    const std::string name = r_.string(j, q, key, true);
    const int k = sku_named(s_, name);
    if (k < 0) r_.fail("scenario.reference", q / key, fmt::format("unknown SKU \"{}\" (not in the catalog)", name));
    (key == "from" ? rf.from : rf.to) = k;
  }
  const bool by_date = Reader::optional(j, "date") != nullptr;
  const bool by_age = Reader::optional(j, "age_years") != nullptr;
  if (!by_date && !by_age)
    r_.fail("scenario.missing_key", q / "date", "a refresh needs a date or an age_years (neither is given)");
  if (by_date && by_age) r_.fail("scenario.range", q / "age_years", "a refresh takes a date or an age_years, not both");
  if (by_date) rf.date = date(j, q, "date");
  else rf.age_years = r_.number(j, q, "age_years", Range{0.0, kMaxLifeYears, true, false});
  if (Reader::optional(j, "lead_time_days") != nullptr)
    rf.lead_time_days = r_.number(j, q, "lead_time_days", Range{0.0, 3650.0});
  if (rf.to < 0) return rf;
  // the new racks go where the old ones were: every site with an order of `from`
  const Sku& to = s_.skus[static_cast<std::size_t>(rf.to)];
  for (const Order& o : s_.orders) {
    const Site& site = s_.sites[static_cast<std::size_t>(o.site)];
    if (o.sku == rf.from && to.rack_power_kw > site.max_rack_power_kw)
      r_.fail("scenario.incompatible", q / "to",
              fmt::format("{} racks draw {} kW, above the {} kW per-rack limit of site \"{}\" (which has {} racks)",
                          to.name, to.rack_power_kw, site.max_rack_power_kw, site.name,
                          s_.skus[static_cast<std::size_t>(rf.from)].name));
  }
  return rf;
}

void ScenarioReader::lifecycle(const Ptr& root) {
  const json* l = Reader::optional(doc_, "lifecycle");
  if (l == nullptr) return;
  const Ptr lp = root / "lifecycle";
  r_.object(*l, lp, {"retire_at_end_of_life", "refresh"});
  Lifecycle lc;
  if (const json* e = Reader::optional(*l, "retire_at_end_of_life"))
    lc.retire_at_end_of_life = r_.boolean(*e, lp / "retire_at_end_of_life");
  if (const json* rf = Reader::optional(*l, "refresh")) {
    const json& a = r_.array(*rf, lp / "refresh", 0);
    for (std::size_t i = 0; i < a.size(); ++i) {
      Refresh one = refresh(a[i], lp / "refresh" / i);
      for (const Refresh& other : lc.refresh)
        if (other.name == one.name)
          r_.fail("scenario.duplicate", lp / "refresh" / i / "name",
                  fmt::format("two refresh policies are named \"{}\"", one.name));
      lc.refresh.push_back(std::move(one));
    }
  }
  s_.lifecycle = std::move(lc);
}

}  // namespace gwsim::detail

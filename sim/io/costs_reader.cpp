// The money model's keys (docs/money.md): the `costs` block beyond
// energy_usd_per_mwh, sites[].ownership, orders[].ownership and
// orders[].contract.
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "io/scenario_reader.hpp"

namespace gwsim::detail {

namespace {

constexpr Range kLifeYears{0.0, 100.0, true, false};
constexpr Range kShare{0.0, 1.0};
constexpr Range kRate{0.0, 1.0, false, true};
constexpr double kMaxUsd = 1e12;  // per unit: a sanity bound (docs/scenarios.md, "Limits")
constexpr Range kUsd{0.0, kMaxUsd};

void read_if(const Reader& r, const json& j, const Ptr& p, const char* key, Range range, double& out) {
  if (Reader::optional(j, key) != nullptr) out = r.number(j, p, key, range);
}

Ownership ownership(const Reader& r, const json& j, const Ptr& p) {
  const std::string text = r.string(j, p, false);
  if (text == "owned") return Ownership::owned;
  if (text == "leased") return Ownership::leased;
  r.fail("scenario.range", p, fmt::format("expected \"owned\" or \"leased\", got \"{}\"", text));
}

}  // namespace

void ScenarioReader::costs(const Ptr& root) {
  const json* c = Reader::optional(doc_, "costs");
  if (c == nullptr || !c->is_object()) return;
  bool any = false;
  for (const auto& item : c->items()) any = any || item.key() != "energy_usd_per_mwh";
  if (!any) return;
  const Ptr p = root / "costs";
  Costs k;
  if (const json* f = Reader::optional(*c, "facility")) {
    const Ptr fp = p / "facility";
    r_.object(*f, fp, {"usd_per_it_mw", "split", "build_days", "life_years"});
    read_if(r_, *f, fp, "usd_per_it_mw", kUsd, k.facility.usd_per_it_mw);
    read_if(r_, *f, fp, "build_days", Range{0.0, 365.0 * kMaxYears}, k.facility.build_days);
    read_if(r_, *f, fp, "life_years", kLifeYears, k.facility.life_years);
    if (const json* split = Reader::optional(*f, "split")) {
      const Ptr sp = fp / "split";
      if (!split->is_object() || split->empty())
        r_.fail("scenario.type", sp, "expected a non-empty object {category: share}");
      double sum = 0;
      for (const auto& item : split->items()) {
        const double share = r_.number(item.value(), sp / item.key(), kShare);
        k.facility.split.push_back(CostShare{item.key(), share});
        sum += share;
      }
      if (std::abs(sum - 1.0) > 1e-9)
        r_.fail("scenario.range", sp, fmt::format("the shares must sum to 1 (within 1e-9), got {}", sum));
    }
  }
  read_if(r_, *c, p, "network_usd_per_gpu", kUsd, k.network_usd_per_gpu);
  read_if(r_, *c, p, "network_life_years", kLifeYears, k.network_life_years);
  read_if(r_, *c, p, "land_usd_per_it_mw", kUsd, k.land_usd_per_it_mw);
  read_if(r_, *c, p, "it_life_years", kLifeYears, k.it_life_years);
  read_if(r_, *c, p, "staff_usd_per_mw_year", kUsd, k.staff_usd_per_mw_year);
  read_if(r_, *c, p, "maintenance_share_per_year", kShare, k.maintenance_share_per_year);
  read_if(r_, *c, p, "cost_of_capital", kRate, k.cost_of_capital);
  read_if(r_, *c, p, "discount_rate", kRate, k.discount_rate);
  s_.costs = k;
}

// sites[].ownership, orders[].ownership and orders[].contract (after the
// sites, orders and contracts were read without error: indices match the document).
void ScenarioReader::ownership(const Ptr& root) {
  const json* sites = Reader::optional(doc_, "sites");
  for (std::size_t i = 0; sites != nullptr && i < s_.sites.size(); ++i)
    if (const json* o = Reader::optional((*sites)[i], "ownership"))
      s_.sites[i].ownership = gwsim::detail::ownership(r_, *o, root / "sites" / i / "ownership");
  const json* orders = Reader::optional(doc_, "orders");
  for (std::size_t i = 0; orders != nullptr && i < s_.orders.size(); ++i)
    errors_.attempt([&] { order_ownership((*orders)[i], root / "orders" / i, s_.orders[i]); });
}

void ScenarioReader::order_ownership(const json& j, const Ptr& p, Order& o) {
  const bool site_leased = s_.sites[o.site].ownership == Ownership::leased;
  const json* own = Reader::optional(j, "ownership");
  const json* contract = Reader::optional(j, "contract");
  o.ownership = site_leased || contract != nullptr ? Ownership::leased : Ownership::owned;
  if (own != nullptr) {
    const Ownership said = gwsim::detail::ownership(r_, *own, p / "ownership");
    if (said == Ownership::owned && site_leased)
      r_.fail("scenario.range", p / "ownership", "an order at a leased site is leased");
    if (said == Ownership::owned && contract != nullptr)
      r_.fail("scenario.range", p / "contract", "an owned order may not name a contract");
    if (said == Ownership::leased && !site_leased && contract == nullptr)
      r_.fail("scenario.missing_key", p / "contract", "a leased order at an owned site needs a contract");
    o.ownership = said;
  }
  if (contract == nullptr) return;
  const std::string name = r_.string(*contract, p / "contract", true);
  for (std::size_t k = 0; k < s_.contracts.size(); ++k)
    if (s_.contracts[k].name == name) {
      o.contract = static_cast<int>(k);
      return;
    }
  r_.fail("scenario.reference", p / "contract", fmt::format("no contract named \"{}\"", name));
}

}  // namespace gwsim::detail

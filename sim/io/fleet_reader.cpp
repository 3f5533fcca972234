// The fleet sections of a scenario: catalog, sites, orders, contracts (each in contracts_reader.cpp).
#include <algorithm>
#include <limits>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <fmt/format.h>

#include "io/nearest.hpp"
#include "io/scenario_reader.hpp"
#include "scenario/catalog.hpp"

namespace gwsim::detail {

void ScenarioReader::catalog(const Ptr& root) {
  s_.skus = builtin_catalog();
  const json* c = Reader::optional(doc_, "catalog");
  if (c == nullptr) return;
  if (!c->is_object())
    r_.fail("scenario.type", root / "catalog",
            fmt::format("expected an object of SKUs by name, got {}", type_name(*c)));
  for (const auto& [name, j] : c->items()) {
    Sku k;
    k.name = name;  // kept on an error, so that orders naming it are not errors too
    errors_.attempt([&, &key = name, &value = j] { k = sku(key, value, root / "catalog" / key); });
    const std::string& sku_name = name;  // clang 14 cannot capture a structured binding
    auto same = std::find_if(s_.skus.begin(), s_.skus.end(), [&](const Sku& x) { return x.name == sku_name; });
    if (same != s_.skus.end()) *same = std::move(k);
    else s_.skus.push_back(std::move(k));
  }
}

Sku ScenarioReader::sku(const std::string& name, const json& j, const Ptr& p) {
  if (name.empty()) r_.fail("scenario.range", p, "a SKU name must not be empty");
  r_.object(j, p,
            {"gpus_per_rack", "gpus_per_node", "rack_power_kw", "fp8_pflops_per_gpu", "bf16_pflops_per_gpu",
             "hbm_gb_per_gpu", "capex_usd_per_rack", "failure_classes", "lemons", "tolerated_nodes_down",
             "embodied_tco2_per_rack", "rack_storage_peak_cut", "life_years", "resale_share"});
  Sku k;
  k.name = name;
  k.gpus_per_rack = static_cast<int>(r_.integer(j, p, "gpus_per_rack", 1, 100'000, "scenario.limit"));
  k.gpus_per_node = static_cast<int>(r_.integer(j, p, "gpus_per_node", 1, 100'000, "scenario.limit"));
  if (k.gpus_per_rack % k.gpus_per_node != 0)
    r_.fail("scenario.incompatible", p / "gpus_per_node",
            fmt::format("gpus_per_node {} does not divide gpus_per_rack {}", k.gpus_per_node, k.gpus_per_rack));
  k.rack_power_kw = r_.number(j, p, "rack_power_kw", kPositive);
  k.fp8_pflops_per_gpu = r_.number(j, p, "fp8_pflops_per_gpu", kNonNegative);
  k.bf16_pflops_per_gpu = r_.number(j, p, "bf16_pflops_per_gpu", kNonNegative);
  k.hbm_gb_per_gpu = r_.number(j, p, "hbm_gb_per_gpu", kNonNegative);
  k.capex_usd_per_rack = r_.number(j, p, "capex_usd_per_rack", kNonNegative);
  const Ptr fp = p / "failure_classes";
  const json& fa = r_.array(r_.required(j, p, "failure_classes"), fp, 0);
  for (std::size_t i = 0; i < fa.size(); ++i) k.failure_classes.push_back(failure_class(fa[i], fp / i));
  sku_reliability(j, p, k);
  sku_power_swings(j, p, k);
  sku_carbon(j, p, k);
  sku_lifecycle(j, p, k);
  return k;
}

FailureClass ScenarioReader::failure_class(const json& j, const Ptr& q) {
  r_.object(j, q, {"name", "mtbf_gpu_hours", "weibull_shape", "blast", "repair_hours"});
  FailureClass f;
  f.name = r_.string(j, q, "name", true);
  f.mtbf_gpu_hours = r_.number(j, q, "mtbf_gpu_hours", kPositive);
  if (const json* w = Reader::optional(j, "weibull_shape"))
    f.weibull_shape = r_.number(*w, q / "weibull_shape", Range{0.0, 100.0, true, false});
  const std::string b = r_.string(j, q, "blast", true);
  if (b == "gpu") f.blast = Blast::gpu;
  else if (b == "node") f.blast = Blast::node;
  else if (b == "rack") f.blast = Blast::rack;
  else r_.fail("scenario.range", q / "blast", fmt::format("expected \"gpu\", \"node\" or \"rack\", got \"{}\"", b));
  f.repair_hours = distribution(r_.required(j, q, "repair_hours"), q / "repair_hours", true);
  return f;
}

void ScenarioReader::sites(const Ptr& root) {
  const Ptr sp = root / "sites";
  const json& a = r_.array(r_.required(doc_, root, "sites"), sp, 1, kMaxSites);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t named = site_index_.size();
    if (errors_.attempt([&] { s_.sites.push_back(site(a[i], sp / i)); })) continue;
    // Keep the indices of the sites after it: a stand-in that no order can find incompatible.
    Site stand_in;
    stand_in.max_rack_power_kw = std::numeric_limits<double>::infinity();
    if (site_index_.size() == named) sites_unnamed_ = true;
    s_.sites.push_back(std::move(stand_in));
  }
}

Site ScenarioReader::site(const json& a_i, const Ptr& p) {
  const json& j = r_.object(a_i, p,
                            {"name", "provider", "pue", "max_rack_power_kw", "buildings", "power_stages",
                             "stage_slip_days", "install", "repair", "racks_per_domain", "repair_stages", "prices",
                             "grid", "construction_crews", "generation", "battery", "curtailment", "ownership"});
  Site s;
  s.name = r_.string(j, p, "name", true);
  if (site_index_.count(s.name))
    r_.fail("scenario.duplicate", p / "name",
            fmt::format("site name \"{}\" is already used by /sites/{}", s.name, site_index_[s.name]));
  site_index_[s.name] = static_cast<int>(s_.sites.size());
  s.provider = r_.string(j, p, "provider", true);
  s.pue = r_.number(j, p, "pue", Range{1.0, 3.0});
  s.max_rack_power_kw = r_.number(j, p, "max_rack_power_kw", kPositive);
  const Ptr bp = p / "buildings";
  const json& ba = r_.array(r_.required(j, p, "buildings"), bp, 1);
  for (std::size_t k = 0; k < ba.size(); ++k) {
    const Ptr q = bp / k;
    r_.object(ba[k], q, {"name", "rack_slots", "ready", "construction"});
    Building b;
    if (const json* n = Reader::optional(ba[k], "name")) b.name = r_.string(*n, q / "name", false);
    b.rack_slots = r_.integer(ba[k], q, "rack_slots", 0, kMaxRacksPerBatch, "scenario.limit");
    b.ready = date(ba[k], q, "ready");
    s.buildings.push_back(std::move(b));
  }
  if (const json* rpd = Reader::optional(j, "racks_per_domain"))
    s.racks_per_domain = r_.integer(*rpd, p / "racks_per_domain", 0, kMaxRacksPerBatch, "scenario.limit");
  power_stages(j, p, s);
  if (const json* slip = Reader::optional(j, "stage_slip_days"))
    s.stage_slip_days = distribution(*slip, p / "stage_slip_days", false);
  site_grid(j, p, s);
  const Ptr ip = p / "install";
  const json& in = r_.object(r_.required(j, p, "install"), ip,
                             {"crews", "racks_per_crew_per_week", "burn_in_hours", "burn_in_fail_prob"});
  s.crews = static_cast<int>(r_.integer(in, ip, "crews", 1, kMaxCount, "scenario.limit"));
  s.racks_per_crew_per_week = r_.number(in, ip, "racks_per_crew_per_week", Range{0.0, 1e5, true, false});
  s.burn_in_hours = r_.number(in, ip, "burn_in_hours", Range{0.0, 1e5});
  s.burn_in_fail_prob = r_.number(in, ip, "burn_in_fail_prob", Range{0.0, 1.0, false, true});
  const Ptr rp = p / "repair";
  const json& re = r_.object(r_.required(j, p, "repair"), rp, {"technicians", "spare_nodes", "spare_restock_days"});
  s.technicians = static_cast<int>(r_.integer(re, rp, "technicians", 1, kMaxCount, "scenario.limit"));
  s.spare_nodes = r_.integer(re, rp, "spare_nodes", 0, kMaxCount, "scenario.limit");
  s.spare_restock_days = r_.number(re, rp, "spare_restock_days", Range{0.0, 3650.0, true, false});
  if (const json* st = Reader::optional(j, "repair_stages")) s.repair_stages = repair_stages(*st, p / "repair_stages");
  site_prices(j, p, s);
  site_generation(j, p, s);
  site_curtailment(j, p, s);
  site_construction(j, p, s);
  return s;
}

void ScenarioReader::power_stages(const json& j, const Ptr& p, Site& s) {
  const Ptr pp = p / "power_stages";
  const json& pa = r_.array(r_.required(j, p, "power_stages"), pp, 1);
  for (std::size_t k = 0; k < pa.size(); ++k) {
    const Ptr q = pp / k;
    r_.object(pa[k], q, {"date", "power_mw", "equipment", "slip_days", "grid"});
    PowerStage st;
    st.date = date(pa[k], q, "date");
    st.power_mw = r_.number(pa[k], q, "power_mw", Range{0.0, 1e6, true, false});
    if (!s.power_stages.empty() && st.date <= s.power_stages.back().date)
      r_.fail("scenario.order", q / "date",
              fmt::format("power stage dates must be strictly increasing: {} is not after the previous stage",
                          pa[k]["date"].get<std::string>()));
    s.power_stages.push_back(st);
    total_power_mw_ += st.power_mw;
    if (total_power_mw_ > kMaxTotalPowerMw)
      r_.fail("scenario.limit", q / "power_mw",
              fmt::format("the scenario's power stages add up to more than {} MW (1 TW)", kMaxTotalPowerMw));
  }
}

void ScenarioReader::orders(const Ptr& root) {
  const Ptr op = root / "orders";
  const json& a = r_.array(r_.required(doc_, root, "orders"), op, 0, kMaxOrders);
  std::int64_t total = 0;
  for (std::size_t i = 0; i < a.size(); ++i) errors_.attempt([&] { order(a[i], op / i, total); });
}

void ScenarioReader::order(const json& a_i, const Ptr& p, std::int64_t& total) {
  const json& j = r_.object(
      a_i, p,
      {"name", "sku", "site", "deliveries", "schedule", "lead_time_days", "slip_days", "ownership", "contract"});
  Order o;
  if (const json* n = Reader::optional(j, "name")) o.name = r_.string(*n, p / "name", false);
  order_target(j, p, o);
  deliveries(j, p, o);
  for (const Delivery& dv : o.deliveries) {
    total += dv.racks;
    if (total > kMaxRacksTotal)
      r_.fail("scenario.limit", p, fmt::format("more than {} racks ordered in all", kMaxRacksTotal));
  }
  if (const json* lt = Reader::optional(j, "lead_time_days"))
    o.lead_time_days = r_.number(*lt, p / "lead_time_days", Range{0.0, 3650.0});
  if (const json* slip = Reader::optional(j, "slip_days")) o.slip_days = distribution(*slip, p / "slip_days", false);
  s_.orders.push_back(std::move(o));
}

// The order's SKU and site, and whether the site can power the SKU's racks.
void ScenarioReader::order_target(const json& j, const Ptr& p, Order& o) {
  const std::string sku = r_.string(j, p, "sku", true);
  auto k = std::find_if(s_.skus.begin(), s_.skus.end(), [&](const Sku& x) { return x.name == sku; });
  if (k == s_.skus.end()) {
    std::vector<std::string> names;
    for (const Sku& x : s_.skus) names.push_back(x.name);
    r_.fail("scenario.reference", p / "sku",
            fmt::format("unknown SKU \"{}\" ({})", sku, known_names("catalog SKU", sku, names)));
  }
  o.sku = static_cast<int>(k - s_.skus.begin());
  const std::string site = r_.string(j, p, "site", true);
  o.site = site_index(site, p / "site");
  const double site_max_kw = s_.sites[static_cast<std::size_t>(o.site)].max_rack_power_kw;
  if (k->rack_power_kw > site_max_kw)
    r_.fail("scenario.incompatible", p / "sku",
            fmt::format("{} racks draw {} kW, above the {} kW per-rack limit of site \"{}\"", sku, k->rack_power_kw,
                        site_max_kw, site));
}

// Exactly one of an explicit list of deliveries and a schedule.
void ScenarioReader::deliveries(const json& j, const Ptr& p, Order& o) {
  const json* del = Reader::optional(j, "deliveries");
  const json* sch = Reader::optional(j, "schedule");
  if ((del == nullptr) == (sch == nullptr))
    r_.fail(del ? "scenario.unknown_key" : "scenario.missing_key", del ? p / "schedule" : p / "deliveries",
            "an order needs exactly one of 'deliveries' and 'schedule'");
  if (sch != nullptr) {
    schedule(*sch, p / "schedule", o);
    return;
  }
  const Ptr dp = p / "deliveries";
  const json& da = r_.array(*del, dp, 0);
  for (std::size_t d = 0; d < da.size(); ++d) {
    const Ptr q = dp / d;
    r_.object(da[d], q, {"date", "racks"});
    Delivery dv{date(da[d], q, "date"), r_.integer(da[d], q, "racks", 0, kMaxRacksPerBatch, "scenario.limit")};
    if (!o.deliveries.empty() && dv.date < o.deliveries.back().date)
      r_.fail("scenario.order", q / "date", "delivery dates must not decrease");
    o.deliveries.push_back(dv);
  }
}

// {"from", "to", "every": week|month|quarter, "racks"} expanded to deliveries.
void ScenarioReader::schedule(const json& j, const Ptr& q, Order& o) {
  r_.object(j, q, {"from", "to", "every", "racks"});
  const Tick from = date(j, q, "from");
  const Tick to = date(j, q, "to");
  if (to < from) r_.fail("scenario.order", q / "to", "'to' is before 'from'");
  const std::string every = r_.string(j, q, "every", true);
  int months = 0;
  Tick step = 0;
  if (every == "week") step = days(7);
  else if (every == "month") months = 1;
  else if (every == "quarter") months = 3;
  else
    r_.fail("scenario.range", q / "every",
            fmt::format("expected \"week\", \"month\" or \"quarter\", got \"{}\"", every));
  const std::int64_t racks = r_.integer(j, q, "racks", 0, kMaxRacksPerBatch, "scenario.limit");
  const auto from_date = cal_.to_ptime(from).date();
  for (int n = 0;; ++n) {
    Tick t = 0;
    if (step != 0) {
      t = from + step * n;
    } else {
      // calendar months from `from` (Boost.Date_Time clamps day 31 to the month's end)
      const auto d = from_date + boost::gregorian::months(months * n);
      t = cal_.from_ptime(boost::posix_time::ptime(d));
    }
    if (t > to) break;
    if (o.deliveries.size() >= kMaxArray)
      r_.fail("scenario.limit", q, fmt::format("the schedule expands to more than {} deliveries", kMaxArray));
    o.deliveries.push_back(Delivery{t, racks});
  }
}

void ScenarioReader::contracts(const Ptr& root) {
  const json* c = Reader::optional(doc_, "contracts");
  if (c == nullptr) return;
  const Ptr cp = root / "contracts";
  const json& a = r_.array(*c, cp, 0);
  for (std::size_t i = 0; i < a.size(); ++i) errors_.attempt([&] { contract(a[i], cp / i); });
}

}  // namespace gwsim::detail

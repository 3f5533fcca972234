#include "io/feasibility.hpp"

#include <cstdint>
#include <set>

#include <fmt/format.h>

#include "core/time.hpp"
#include "io/findings.hpp"
#include "io/nearest.hpp"
#include "io/workload_warnings.hpp"

namespace gwsim::detail {
namespace {

using json = nlohmann::json;

// What the orders ask of one site.
struct Demand {
  std::int64_t racks = 0;
  double it_mw = 0;  // the racks' power, before PUE
};

std::vector<Demand> demand_by_site(const Scenario& s) {
  std::vector<Demand> d(s.sites.size());
  for (const Order& o : s.orders) {
    const double kw = s.skus[static_cast<std::size_t>(o.sku)].rack_power_kw;
    for (const Delivery& dv : o.deliveries) {
      d[static_cast<std::size_t>(o.site)].racks += dv.racks;
      d[static_cast<std::size_t>(o.site)].it_mw += static_cast<double>(dv.racks) * kw / 1000.0;
    }
  }
  return d;
}

void check_sites(const Scenario& s, Findings& f) {
  const std::vector<Demand> demand = demand_by_site(s);
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    const Site& site = s.sites[i];
    const Demand& d = demand[i];
    double energized_mw = 0;
    for (const PowerStage& st : site.power_stages) energized_mw += st.power_mw;
    const double need_mw = d.it_mw * site.pue;
    const std::string sp = fmt::format("/sites/{}", i);
    if (need_mw > energized_mw * (1 + 1e-12))
      f.warn("feasibility.power", sp + "/power_stages",
             fmt::format("site \"{}\" energizes {:.6g} MW by the end ({}), but its {} ordered racks need {:.6g} MW "
                         "({:.6g} MW of racks at PUE {:.6g}): some racks will wait for power to the end",
                         site.name, energized_mw, s.end_iso, d.racks, need_mw, d.it_mw, site.pue));
    if (need_mw > 0 && energized_mw > kImplausiblePowerRatio * need_mw)
      f.warn("plausibility.power", sp + "/power_stages",
             fmt::format("site \"{}\" energizes {:.6g} MW, over {:.0f} times the {:.6g} MW its ordered racks need: "
                         "is power_mw given in kW? (it is in MW)",
                         site.name, energized_mw, kImplausiblePowerRatio, need_mw));
    std::int64_t slots = 0;
    for (const Building& b : site.buildings) slots += b.rack_slots;
    if (slots < d.racks)
      f.warn("feasibility.slots", sp + "/buildings",
             fmt::format("site \"{}\" has {} rack slots for {} racks ordered: {} racks will never be installed",
                         site.name, slots, d.racks, d.racks - slots));
  }
}

void check_racks(const json& doc, Findings& f) {
  auto c = doc.find("catalog");
  if (c == doc.end() || !c->is_object()) return;
  for (const auto& [name, sku] : c->items()) {
    auto kw = sku.find("rack_power_kw");
    if (kw == sku.end() || !kw->is_number() || kw->get<double>() <= kImplausibleRackKw) continue;
    f.warn("plausibility.rack_power", (json::json_pointer("/catalog") / name / "rack_power_kw").to_string(),
           fmt::format("a {} rack drawing {:.6g} kW ({:.3g} MW) is implausible (the densest racks shipping "
                       "draw 120-140 kW): is rack_power_kw given in W? (it is in kW)",
                       name, kw->get<double>(), kw->get<double>() / 1000.0));
  }
}

void check_deliveries(const Scenario& s, const json& doc, Findings& f) {
  for (std::size_t i = 0; i < s.orders.size(); ++i) {
    const Order& o = s.orders[i];
    const Tick lead = ticks_from_days(o.lead_time_days);
    std::size_t late = 0;
    std::int64_t late_racks = 0;
    std::size_t first = 0;
    for (std::size_t d = 0; d < o.deliveries.size(); ++d) {
      if (o.deliveries[d].date + lead <= s.end || o.deliveries[d].racks == 0) continue;
      if (late++ == 0) first = d;
      late_racks += o.deliveries[d].racks;
    }
    if (late == 0) continue;
    const bool scheduled = doc["orders"][i].contains("schedule");
    const std::string at =
        scheduled ? fmt::format("/orders/{}/schedule", i) : fmt::format("/orders/{}/deliveries/{}/date", i, first);
    f.warn("feasibility.horizon", at,
           fmt::format("{} of the order's {} deliveries ({} racks) arrive after the end ({}): shipped on or after {} "
                       "with a lead time of {:.6g} days, they are never installed",
                       late, o.deliveries.size(), late_racks, s.end_iso,
                       Calendar(s.start_iso).format_date(o.deliveries[first].date), o.lead_time_days));
  }
}

void check_contracts(const Scenario& s, Findings& f) {
  std::vector<std::string> providers;
  std::set<std::string> seen;
  for (const Site& site : s.sites)
    if (seen.insert(site.provider).second) providers.push_back(site.provider);
  for (std::size_t i = 0; i < s.contracts.size(); ++i) {
    const std::string& p = s.contracts[i].provider;
    if (seen.count(p) != 0) continue;
    f.warn("feasibility.provider", fmt::format("/contracts/{}/provider", i),
           fmt::format(
               "no site has the provider \"{}\" ({}): the contract uses no GPU-hours (take-or-pay: paid for nothing)",
               p, known_names("provider", p, providers)));
  }
}

}  // namespace

std::vector<Diagnostic> feasibility_warnings(const Scenario& s, const json& doc, const std::string& file) {
  Findings f{file, {}};
  check_racks(doc, f);
  check_sites(s, f);
  check_deliveries(s, doc, f);
  check_contracts(s, f);
  for (const WorkloadWarning& w : workload_warnings(s)) f.warn(w.code.c_str(), w.pointer, w.message);
  return std::move(f.list);
}

}  // namespace gwsim::detail

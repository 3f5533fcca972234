// Property test "money adds up" (docs/money.md, "Cash flow and NPV"): over
// random small scenarios, every day's spend_usd is the categories summed;
// cash_flow's months sum to the run's totals; summary.json's parts sum to
// its total.
#include <cmath>
#include <cstddef>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "model/buildout_run.hpp"

using nlohmann::json;

namespace {

// Two sites (one maybe leased), stages and deliveries on random days of 2026,
// random costs; a pay-per-use contract with the provider of both sites.
json random_case(boost::random::mt19937& rng) {
  auto day = [&](int lo, int hi) { return boost::random::uniform_int_distribution<int>(lo, hi)(rng); };
  auto real = [&](double lo, double hi) { return boost::random::uniform_real_distribution<double>(lo, hi)(rng); };
  auto date = [](int d) {
    static const char* kMonths[] = {"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"};
    return "2026-" + std::string(kMonths[d / 28]) + "-" + (d % 28 + 1 < 10 ? "0" : "") + std::to_string(d % 28 + 1);
  };
  json d = json::parse(R"({"gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31",
                           "failures": {"enabled": false}})");
  d["seed"] = day(1, 1000);
  for (int si = 0; si < 2; ++si) {
    json site = {
        {"name", "s" + std::to_string(si)},
        {"provider", "P"},
        {"pue", real(1.05, 1.5)},
        {"max_rack_power_kw", 140},
        {"buildings", json::array({{{"rack_slots", 500}, {"ready", "2026-01-01"}}})},
        {"install", {{"crews", 4}, {"racks_per_crew_per_week", 5}, {"burn_in_hours", 24}, {"burn_in_fail_prob", 0}}},
        {"repair", {{"technicians", 2}, {"spare_nodes", 10}, {"spare_restock_days", 7}}}};
    json stages = json::array();
    const int n_stages = day(1, 3);
    for (int k = 0; k < n_stages; ++k)  // strictly increasing dates
      stages.push_back({{"date", date(110 * k + day(0, 100))}, {"power_mw", real(1, 20)}});
    site["power_stages"] = stages;
    if (si == 1 && day(0, 1) == 1) site["ownership"] = "leased";
    d["sites"].push_back(site);
    json deliveries = json::array();
    const int n_deliveries = day(1, 3);
    for (int k = 0; k < n_deliveries; ++k)  // non-decreasing dates
      deliveries.push_back({{"date", date(110 * k + day(0, 100))}, {"racks", day(1, 20)}});
    d["orders"].push_back({{"sku", "GB200_NVL72"}, {"site", site["name"]}, {"deliveries", deliveries}});
  }
  d["contracts"] = json::array({{{"name", "k"},
                                 {"provider", "P"},
                                 {"total_usd", 1e9},
                                 {"start", "2026-01-01"},
                                 {"term_years", 1},
                                 {"take_or_pay", day(0, 1) == 1},
                                 {"usd_per_gpu_hour", 3}}});
  d["costs"] = {{"energy_usd_per_mwh", real(0, 100)},    {"facility", {{"build_days", day(0, 400)}}},
                {"staff_usd_per_mw_year", real(0, 3e5)}, {"maintenance_share_per_year", real(0, 0.02)},
                {"cost_of_capital", real(0, 0.15)},      {"discount_rate", real(0, 0.15)}};
  return d;
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); }

}  // namespace

TEST_CASE("property: money adds up (days, months, summary; docs/money.md)", "[money][property]") {
  boost::random::mt19937 rng(17);
  for (int trial = 0; trial < 25; ++trial) {
    const json doc = random_case(rng);
    INFO("trial " << trial << ": " << doc.dump());
    const auto r = gwsim::test::run_buildout(doc);
    const gwsim::MoneyFigures& m = r.summary.money;
    REQUIRE(m.used);
    // every day: spend = racks + facility + network + land + staff and maintenance + energy + contracts
    // (no generation, capacity charges or resale here)
    const auto& spend = r.ts.column("spend_usd");
    for (std::size_t i = 0; i < spend.size(); ++i) {
      const double parts = r.ts.column("capex_usd")[i] + r.ts.column("capex_facility_usd")[i] +
                           r.ts.column("capex_network_usd")[i] + r.ts.column("capex_land_usd")[i] +
                           r.ts.column("opex_usd")[i] + r.ts.column("energy_cost_usd")[i] +
                           r.ts.column("contract_paid_usd")[i];
      if (doc["sites"][1].contains("ownership")) continue;  // a leased site's energy is the provider's
      REQUIRE(close(spend[i], parts));
    }
    // summary: the categories sum to the total (exactly: the same order), capex and opex are their parts
    double total = 0;
    for (double x : m.spend_usd) total += x;
    CHECK(total == m.total_usd);
    CHECK(close(spend.back(), m.total_usd));
    using C = gwsim::MoneyCategory;
    auto at = [&](C c) { return m.spend_usd[static_cast<std::size_t>(c)]; };
    CHECK(close(at(C::racks), r.summary.capex_usd));
    CHECK(m.capex_usd == at(C::racks) + at(C::network) + at(C::facility) + at(C::land) + at(C::generation));
    // the months sum to the totals, per category and in all (within 1e-9 relative: differences of cumulative sums)
    gwsim::MoneyAmounts by_month{};
    for (const gwsim::CashFlowMonth& row : m.cash_flow)
      for (std::size_t k = 0; k < gwsim::kMoneyCategories; ++k) by_month[k] += row.usd[k];
    for (std::size_t k = 0; k < gwsim::kMoneyCategories; ++k) CHECK(close(by_month[k], m.spend_usd[k]));
    REQUIRE(m.cash_flow.size() == 12);
    CHECK(close(m.cash_flow.back().cumulative_usd, m.total_usd));
    double facility = 0;
    for (const auto& [name, usd] : m.facility_by_category_usd) facility += usd;
    CHECK(close(facility, at(C::facility)));
    CHECK(m.depreciation_racks_usd <= at(C::racks));
  }
}

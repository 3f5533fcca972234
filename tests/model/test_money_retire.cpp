// A retired rack stops costing (docs/money.md, "Retirement"): its straight-line
// depreciation and its capital charge stop at the instant it retires, the
// undepreciated capex is its book value retired, and it leaves the maintenance
// base. Worked by hand on one owned rack retired two years (and an hour) after
// it arrived; leased racks have nothing to stop; the lemon policy's retire too.
#include <cmath>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "io/loader_fixtures.hpp"
#include "io/output.hpp"
#include "model/buildout_run.hpp"

using nlohmann::json;

namespace {

constexpr double kYearH = 365.25 * 24;
constexpr double kCapex = 1.08e6;

// One site, one owned H100 rack ($1.08M, life 5 y, resale 20%) arriving on
// 2026-01-01 (t = 0), in service an hour later (one crew, no burn-in); a
// refresh by age retires it 2 years (730.5 days) after it entered service,
// with no replacement. Only rack capex costs: no facility, network, land,
// staff; maintenance 1% a year, cost of capital 10%. Run to the end of 2031,
// past the rack's 5-year life (2031-01-01).
json one_rack() {
  json d = json::parse(R"({"gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2031-12-31",
    "failures": {"enabled": false},
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.0, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 4, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 1}],
               "install": {"crews": 1, "racks_per_crew_per_week": 168, "burn_in_hours": 0, "burn_in_fail_prob": 0},
               "repair": {"technicians": 1, "spare_nodes": 4, "spare_restock_days": 7}}],
    "orders": [{"sku": "H100_HGX", "site": "a", "deliveries": [{"date": "2026-01-01", "racks": 1}]}],
    "costs": {"energy_usd_per_mwh": 0, "facility": {"usd_per_it_mw": 0}, "network_usd_per_gpu": 0,
              "land_usd_per_it_mw": 0, "staff_usd_per_mw_year": 0, "maintenance_share_per_year": 0.01,
              "cost_of_capital": 0.1},
    "lifecycle": {"retire_at_end_of_life": true,
                  "refresh": [{"name": "old", "from": "H100_HGX", "age_years": 2}]}})");
  d["catalog"]["H100_HGX"] = {{"gpus_per_rack", 32},
                              {"gpus_per_node", 8},
                              {"rack_power_kw", 40.8},
                              {"fp8_pflops_per_gpu", 1.979},
                              {"bf16_pflops_per_gpu", 0.989},
                              {"hbm_gb_per_gpu", 80},
                              {"capex_usd_per_rack", kCapex},
                              {"failure_classes", json::array()},
                              {"life_years", 5},
                              {"resale_share", 0.2}};
  return d;
}

double annuity(double usd, double r, double years) { return usd * r / (1 - std::pow(1 + r, -years)); }

}  // namespace

TEST_CASE("money: a rack retired after 2 of its 5 years stops depreciating; its book value is 3/5 of its capex",
          "[money][lifecycle]") {
  const json doc = one_rack();
  const auto r = gwsim::test::run_buildout(doc);
  const gwsim::MoneyFigures& m = r.summary.money;
  REQUIRE(r.summary.lifecycle.racks_retired == 1);
  // arrival at t = 0, in service at 1 h, retired at 1 h + 2 x 365.25 days
  const double t_retired = 1 + 2 * kYearH;
  const double life = 5 * kYearH;
  CHECK(m.depreciation_racks_usd == Approx(kCapex * t_retired / life).epsilon(1e-12));
  CHECK(m.book_value_retired_usd == Approx(kCapex * (life - t_retired) / life).epsilon(1e-12));
  CHECK(m.depreciation_racks_usd + m.book_value_retired_usd == Approx(kCapex).epsilon(1e-12));
  // the capital charge: the 5-year annuity at 10%, for the hours it served
  CHECK(m.capital_charge_usd == Approx(annuity(kCapex, 0.1, 5) * t_retired / kYearH).epsilon(1e-12));
  // maintenance on the capex in place only
  using C = gwsim::MoneyCategory;
  CHECK(m.spend_usd[static_cast<std::size_t>(C::maintenance)] ==
        Approx(0.01 * kCapex * t_retired / kYearH).epsilon(1e-12));
  CHECK(m.spend_usd[static_cast<std::size_t>(C::resale)] == Approx(-0.2 * kCapex));
  // nothing in force at the end: no annuity, no maintenance
  CHECK(m.annualized_cost_usd_per_year == Approx(0).margin(1e-6));
  // the depreciation column stays at 2/5 (and an hour) from the retirement on, past the life's end
  const std::vector<double>& dep = r.ts.column("depreciation_usd");
  const std::size_t day_retired = 730;  // 1 h + 730.5 days: 13:00 on day 730, before the row at the day's end
  REQUIRE(dep.size() > 2000);
  for (std::size_t d = day_retired; d < dep.size(); ++d) {
    INFO("day " << d);
    CHECK(dep[d] == Approx(kCapex * t_retired / life).epsilon(1e-12));
  }
  // summary.json: the loss beside the resale, under money.lifecycle
  const gwsim::Scenario s = gwsim::scenario_from_json(doc, "t.json");
  const json lc = gwsim::summary_json(s, r.summary, 1).at("money").at("lifecycle");
  CHECK(lc.at("book_value_retired_usd").get<double>() == m.book_value_retired_usd);
  CHECK(lc.at("resale_usd").get<double>() == Approx(0.2 * kCapex));
}

TEST_CASE("money: a leased rack retired has no depreciation to stop and no book value", "[money][lifecycle]") {
  json doc = one_rack();
  doc["sites"][0]["ownership"] = "leased";
  const auto r = gwsim::test::run_buildout(doc);
  REQUIRE(r.summary.lifecycle.racks_retired == 1);
  CHECK(r.summary.money.depreciation_racks_usd == 0);
  CHECK(r.summary.money.book_value_retired_usd == 0);
  CHECK(r.summary.money.capital_charge_usd == 0);
}

TEST_CASE("money: a rack retired at the end of its life has no book value left", "[money][lifecycle]") {
  json doc = one_rack();
  doc["lifecycle"] = {{"retire_at_end_of_life", true}};
  const auto r = gwsim::test::run_buildout(doc);
  REQUIRE(r.summary.lifecycle.racks_retired == 1);  // at 1 h + 5 years: depreciated an hour before
  CHECK(r.summary.money.book_value_retired_usd == 0);
  CHECK(r.summary.money.depreciation_racks_usd == Approx(kCapex).epsilon(1e-12));
}

TEST_CASE("money: racks the lemon policy retires stop depreciating too (depreciation + book value = capex)",
          "[money][cordon]") {
  // three GB200 racks ($3M, built-in failure classes) delivered on 2026-02-01; the first failure of a rack
  // retires it (failures 1 within a day)
  json doc = gwsim::test::minimal_scenario();
  doc["lemon_policy"] = {{"failures", 1}, {"window_days", 1}, {"action", "retire"}};
  doc["costs"] = {{"it_life_years", 5}};
  const auto r = gwsim::test::run_buildout(doc);
  REQUIRE(r.summary.reliability.racks_retired == 3);
  const gwsim::MoneyFigures& m = r.summary.money;
  const double capex = r.summary.capex_usd;  // the three racks
  CHECK(m.book_value_retired_usd > 0);
  CHECK(m.depreciation_racks_usd + m.book_value_retired_usd == Approx(capex).epsilon(1e-12));
  // without a lifecycle block, summary.json reports it in the money section
  const gwsim::Scenario s = gwsim::scenario_from_json(doc, "t.json");
  const json money = gwsim::summary_json(s, r.summary, 1).at("money");
  CHECK(money.at("book_value_retired_usd").get<double>() == m.book_value_retired_usd);
  CHECK_FALSE(money.contains("lifecycle"));
}

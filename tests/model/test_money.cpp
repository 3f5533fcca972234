// The money model (docs/money.md) on a case worked out by hand: facility,
// land, racks, network, staff, depreciation, capital charges, the monthly
// cash flow and its NPV; owned versus leased racks.
#include <cmath>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "model/buildout_run.hpp"

using nlohmann::json;

namespace {

constexpr double kYearH = 365.25 * 24;

// One site (PUE 1.25), one power stage of 12.5 facility MW (10 IT MW) on
// 2026-03-01 (day 59), built over the 59 days before it; 10 racks of SKU A
// (100 GPUs, $3M each) delivered on 2026-03-10 (day 68) with no lead time.
json money_case() {
  json sku = {{"gpus_per_rack", 100},       {"gpus_per_node", 4},
              {"rack_power_kw", 100},       {"fp8_pflops_per_gpu", 5},
              {"bf16_pflops_per_gpu", 2.5}, {"hbm_gb_per_gpu", 192},
              {"capex_usd_per_rack", 3e6},  {"failure_classes", json::array()}};
  json d = json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-06-30",
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.25, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-03-01", "power_mw": 12.5}],
               "install": {"crews": 20, "racks_per_crew_per_week": 1, "burn_in_hours": 24, "burn_in_fail_prob": 0},
               "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7}}],
    "orders": [{"sku": "A", "site": "a", "deliveries": [{"date": "2026-03-10", "racks": 10}]}],
    "costs": {"energy_usd_per_mwh": 0,
              "facility": {"usd_per_it_mw": 1e6, "build_days": 59, "life_years": 14},
              "network_usd_per_gpu": 1000, "network_life_years": 10, "land_usd_per_it_mw": 1e5,
              "it_life_years": 5, "staff_usd_per_mw_year": 87660, "maintenance_share_per_year": 0,
              "cost_of_capital": 0.1, "discount_rate": 0.12},
    "failures": {"enabled": false}
  })");
  d["catalog"]["A"] = sku;
  return d;
}

double annuity(double usd, double r, double years) { return usd * r / (1 - std::pow(1 + r, -years)); }

}  // namespace

TEST_CASE("money: a hand-worked case (capex, depreciation, capital charge, cash flow, NPV; docs/money.md)", "[money]") {
  const auto r = gwsim::test::run_buildout(money_case());
  const gwsim::MoneyFigures& m = r.summary.money;
  REQUIRE(m.used);
  // the last accrual: the end of the last day, one tick before midnight
  const double t_end = gwsim::to_hours(r.ts.times().back() + gwsim::days(1) - 1);
  const double t_stage = 59 * 24.0, t_rack = 68 * 24.0;
  using C = gwsim::MoneyCategory;
  auto at = [&](C c) { return m.spend_usd[static_cast<std::size_t>(c)]; };
  CHECK(at(C::facility) == Approx(10e6).epsilon(1e-12));  // 10 IT MW x $1M, all paid by the stage date
  CHECK(at(C::land) == Approx(1e6).epsilon(1e-12));       // 10 IT MW x $0.1M at the build start
  CHECK(at(C::racks) == Approx(30e6).epsilon(1e-12));
  CHECK(at(C::network) == Approx(1e6).epsilon(1e-12));  // 1,000 GPUs x $1,000
  // staff: 10 IT MW x $87,660 per MW-year = $100 an hour from the stage on
  CHECK(at(C::staff) == Approx(100 * (t_end - t_stage)).epsilon(1e-9));
  CHECK(r.summary.capex_usd == Approx(30e6).epsilon(1e-12));
  CHECK(m.depreciation_racks_usd == Approx(30e6 * (t_end - t_rack) / (5 * kYearH)).epsilon(1e-9));
  CHECK(m.depreciation_network_usd == Approx(1e6 * (t_end - t_rack) / (10 * kYearH)).epsilon(1e-9));
  CHECK(m.depreciation_facility_usd == Approx(10e6 * (t_end - t_stage) / (14 * kYearH)).epsilon(1e-9));
  const double charge = annuity(30e6, 0.1, 5) * (t_end - t_rack) / kYearH +
                        annuity(1e6, 0.1, 10) * (t_end - t_rack) / kYearH +
                        annuity(10e6, 0.1, 14) * (t_end - t_stage) / kYearH + 1e6 * 0.1 * t_end / kYearH;
  CHECK(m.capital_charge_usd == Approx(charge).epsilon(1e-9));
  // six months: Jan and Feb the facility's build (31 and 28 of its 59 days) and the land, March the racks,
  // network and a month of staff, then staff
  REQUIRE(m.cash_flow.size() == 6);
  const double month_hours[] = {31 * 24., 28 * 24., 31 * 24., 30 * 24., 31 * 24., 30 * 24.};
  const double flows[] = {10e6 * 31 / 59 + 1e6, 10e6 * 28 / 59,       31e6 + 100 * month_hours[2],
                          100 * month_hours[3], 100 * month_hours[4], 100 * month_hours[5]};
  double npv = 0;
  for (std::size_t k = 0; k < 6; ++k) {
    CHECK(m.cash_flow[k].total_usd == Approx(flows[k]).epsilon(1e-9));
    npv -= flows[k] / std::pow(1.12, static_cast<double>(k + 1) / 12);
  }
  CHECK(m.cash_flow[0].month == "2026-01");
  CHECK(m.npv_usd == Approx(npv).epsilon(1e-9));
  // cost per GPU-hour: capital charges + opex (+ energy, capacity, fuel, contracts: 0 here) over GPU-hours
  REQUIRE(m.gpu_hours_in_service > 0);
  CHECK(m.cost_per_gpu_hour_usd == Approx((charge + 100 * (t_end - t_stage)) / m.gpu_hours_in_service).epsilon(1e-9));
  CHECK(m.owned_gpus == 1000);
  CHECK(m.leased_gpus == 0);
}

TEST_CASE("money: a leased order pays no rack or network capex (the double counting of issue 17)", "[money]") {
  json d = money_case();
  d["contracts"] = json::array({{{"name", "k"},
                                 {"provider", "AWS"},
                                 {"total_usd", 1e8},
                                 {"start", "2026-01-01"},
                                 {"term_years", 1},
                                 {"take_or_pay", false},
                                 {"usd_per_gpu_hour", 2}}});
  d["orders"][0]["contract"] = "k";
  const auto leased = gwsim::test::run_buildout(d);
  const gwsim::MoneyFigures& m = leased.summary.money;
  using C = gwsim::MoneyCategory;
  CHECK(leased.summary.capex_usd == 0);
  CHECK(m.spend_usd[static_cast<std::size_t>(C::racks)] == 0);
  CHECK(m.spend_usd[static_cast<std::size_t>(C::network)] == 0);
  CHECK(m.depreciation_racks_usd == 0);
  CHECK(m.leased_gpus == 1000);
  CHECK(m.owned_gpus == 0);
  // what is paid for them is the contract's
  CHECK(m.spend_usd[static_cast<std::size_t>(C::contracts)] == Approx(leased.summary.contracts[0].paid_usd));
  CHECK(m.spend_usd[static_cast<std::size_t>(C::contracts)] > 0);
}

TEST_CASE("money: a scenario without costs keys beyond energy_usd_per_mwh does not run the money model", "[money]") {
  json d = money_case();
  d["costs"] = {{"energy_usd_per_mwh", 50}};
  const auto r = gwsim::test::run_buildout(d);
  CHECK_FALSE(r.summary.money.used);
  CHECK_THROWS(r.ts.column("spend_usd"));
  CHECK(r.summary.capex_usd == 30e6);
}

TEST_CASE("money: a leased fleet's annualized cost is what its contract paid over the last year", "[money]") {
  // the whole site leased (its costs the provider's): 1,000 GPUs up from mid-March 2026 at $2 per GPU-hour
  // (not take-or-pay) to mid-2027; the last 365 days pay 1,000 x 8,760 h x $2 = $17.52M
  json d = money_case();
  d["end"] = "2027-06-30";
  d["sites"][0]["ownership"] = "leased";
  d["contracts"] = json::array({{{"name", "k"},
                                 {"provider", "AWS"},
                                 {"total_usd", 1e8},
                                 {"start", "2026-01-01"},
                                 {"term_years", 3},
                                 {"take_or_pay", false},
                                 {"usd_per_gpu_hour", 2}}});
  d["orders"][0]["contract"] = "k";
  const auto r = gwsim::test::run_buildout(d);
  const gwsim::MoneyFigures& m = r.summary.money;
  REQUIRE(r.summary.gpus_in_service == 1000);
  CHECK(m.capital_charge_usd == 0);
  CHECK(m.opex_usd == 0);
  CHECK(m.annualized_cost_usd_per_year == Approx(1000 * 8760 * 2.0).epsilon(1e-9));
}

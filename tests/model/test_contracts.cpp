// Contracts with issue 17's terms (docs/money.md, "Contracts"): committed
// ramps, prices per SKU, take-or-pay exposure and late-delivery credits, on
// small cases worked out by hand.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "core/units.hpp"
#include "io/loader.hpp"
#include "model/buildout.hpp"
#include "model/buildout_run.hpp"
#include "model/contract_ramp.hpp"

using nlohmann::json;

namespace {

// One site of provider AWS, power and slots from the start, 20 crews at one rack per crew-week and 24 h of
// burn-in: a delivery of up to 20 racks on day d is in service from day d + 8 (docs/model.md). SKUs A and B:
// 100 GPUs per rack. Orders: 10 racks of A on day 12 (in service day 20, 1,000 GPUs) and 10 of A on day 22
// (in service day 30).
json late_site() {
  json sku = {{"gpus_per_rack", 100},       {"gpus_per_node", 4},
              {"rack_power_kw", 100},       {"fp8_pflops_per_gpu", 5},
              {"bf16_pflops_per_gpu", 2.5}, {"hbm_gb_per_gpu", 192},
              {"capex_usd_per_rack", 3e6},  {"failure_classes", json::array()}};
  json d = json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-01-31", "seed": 3,
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.25, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 100}],
               "install": {"crews": 20, "racks_per_crew_per_week": 1, "burn_in_hours": 24, "burn_in_fail_prob": 0},
               "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7}}],
    "orders": [{"sku": "A", "site": "a", "deliveries": [{"date": "2026-01-13", "racks": 10},
                                                        {"date": "2026-01-23", "racks": 10}]}],
    "failures": {"enabled": false}
  })");
  d["catalog"]["A"] = sku;
  d["catalog"]["B"] = sku;
  return d;
}

json contract(bool take_or_pay) {
  return {{"name", "k"},     {"provider", "AWS"},          {"total_usd", 1e8},     {"start", "2026-01-01"},
          {"term_years", 1}, {"take_or_pay", take_or_pay}, {"usd_per_gpu_hour", 2}};
}

gwsim::test::BuildoutRun run(const gwsim::Scenario& s) {
  gwsim::Engine eng;
  gwsim::Buildout m(eng, s, 1);
  eng.run_until(m.horizon());
  return {m.summary(), m.timeseries(), ""};
}

// Hours from the start to the end of the last daily row's day (the last accrual, less one tick).
double last_hours(const gwsim::test::BuildoutRun& r) { return gwsim::to_hours(r.ts.times().back()) + 24; }

}  // namespace

TEST_CASE("rule: a late ramp's exposure is committed less delivered GPU-hours x price (docs/money.md)",
          "[contracts][rule]") {
  // ramp: 1,000 GPUs from day 10, 2,000 from day 20; up: 1,000 GPUs from day 20, 2,000 from day 30.
  // To the last row at T hours: committed = 1,000 x 240 + 2,000 x (T - 480); delivered = 1,000 x (T - 480) +
  // 1,000 x (T - 720); exposure = (committed - delivered) x $2; credit = 25% of it; paid = committed x $2 - credit.
  json d = late_site();
  d["contracts"] = json::array({contract(true)});
  d["contracts"][0]["ramp"] = json::parse(R"([{"date": "2026-01-11", "gpus": 1000},
                                              {"date": "2026-01-21", "gpus": 2000}])");
  d["contracts"][0]["late_credit_share"] = 0.25;
  const auto r = gwsim::test::run_buildout(d);
  const double t = last_hours(r);
  const double committed = 1000.0 * 240 + 2000.0 * (t - 480);
  const double delivered = 1000.0 * (t - 480) + 1000.0 * (t - 720);
  REQUIRE(r.summary.contract_figures.size() == 1);
  const gwsim::ContractFigures& f = r.summary.contract_figures[0];
  CHECK(f.committed_gpu_hours == Approx(committed).epsilon(1e-9));
  CHECK(f.delivered_gpu_hours == Approx(delivered).epsilon(1e-9));
  CHECK(f.exposure_usd == Approx((committed - delivered) * 2).epsilon(1e-9));
  CHECK(f.credit_usd == Approx(0.25 * (committed - delivered) * 2).epsilon(1e-9));
  const gwsim::ContractSpend& sp = r.summary.contracts[0];
  CHECK(sp.used_usd == Approx(delivered * 2).epsilon(1e-9));
  CHECK(sp.committed_usd == Approx(committed * 2).epsilon(1e-9));
  CHECK(sp.paid_usd == Approx(committed * 2 - 0.25 * (committed - delivered) * 2).epsilon(1e-9));
  // implied: $1e8 over the ramp's GPU-hours over the whole term (1 year)
  const double term_hours = gwsim::units::kDaysPerYear * 24;
  CHECK(f.implied_usd_per_gpu_hour == Approx(1e8 / (1000.0 * 240 + 2000.0 * (term_hours - 480))).epsilon(1e-9));
  // the columns: exposure and credit as the figures at the last row; on day 15 (before any GPU is up):
  // committed 1,000 x (day 15's end - day 10) x $2, all of it exposure
  CHECK(r.ts.column("contract_exposure_usd").back() == Approx(f.exposure_usd).epsilon(1e-9));
  CHECK(r.ts.column("contract_credit_usd").back() == Approx(f.credit_usd).epsilon(1e-9));
  const double day15 = gwsim::to_hours(r.ts.times()[14]) + 24;
  CHECK(r.ts.column("contract_exposure_usd")[14] == Approx(1000.0 * (day15 - 240) * 2).epsilon(1e-9));
}

TEST_CASE("rule: without take-or-pay a ramp commits nothing paid: no exposure, no credit (docs/money.md)",
          "[contracts][rule]") {
  json d = late_site();
  d["contracts"] = json::array({contract(false)});
  d["contracts"][0]["ramp"] = json::parse(R"([{"date": "2026-01-11", "gpus": 1000}])");
  d["contracts"][0]["late_credit_share"] = 0.5;
  const auto r = gwsim::test::run_buildout(d);
  const double t = last_hours(r);
  const gwsim::ContractFigures& f = r.summary.contract_figures[0];
  CHECK(f.committed_gpu_hours == Approx(1000.0 * (t - 240)).epsilon(1e-9));
  CHECK(f.exposure_usd == 0);
  CHECK(f.credit_usd == 0);
  CHECK(r.summary.contracts[0].paid_usd == Approx((1000.0 * (t - 480) + 1000.0 * (t - 720)) * 2).epsilon(1e-9));
}

TEST_CASE("rule: a SKU's price applies to its GPU-hours, the others pay usd_per_gpu_hour (docs/money.md)",
          "[contracts][rule]") {
  // A: 1,000 GPUs from day 20 and 1,000 more from day 30, at $3; B: 10 racks on day 12 (1,000 GPUs from
  // day 20) at the contract's $2
  json d = late_site();
  d["orders"].push_back({{"sku", "B"}, {"site", "a"}, {"deliveries", {{{"date", "2026-01-13"}, {"racks", 10}}}}});
  d["contracts"] = json::array({contract(false)});
  d["contracts"][0]["prices"] = {{"A", 3}};
  const auto r = gwsim::test::run_buildout(d);
  const double t = last_hours(r);
  const double a_hours = 1000.0 * (t - 480) + 1000.0 * (t - 720), b_hours = 1000.0 * (t - 480);
  CHECK(r.summary.contract_figures[0].delivered_gpu_hours == Approx(a_hours + b_hours).epsilon(1e-9));
  CHECK(r.summary.contracts[0].used_usd == Approx(a_hours * 3 + b_hours * 2).epsilon(1e-9));
  CHECK(r.summary.contracts[0].paid_usd == r.summary.contracts[0].used_usd);
  // no ramp, no credit: no exposure columns
  CHECK_THROWS(r.ts.column("contract_exposure_usd"));
}

TEST_CASE("rule: a contract named by orders counts their GPUs only, not its provider's (docs/money.md)",
          "[contracts][rule]") {
  // two orders at the provider's site: only the B order names the contract
  json d = late_site();
  d["orders"].push_back({{"sku", "B"}, {"site", "a"}, {"deliveries", {{{"date", "2026-01-13"}, {"racks", 10}}}}});
  d["contracts"] = json::array({contract(false)});
  gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  s.orders[1].contract = 0;
  const auto r = run(s);
  const double t = last_hours(r);
  CHECK(r.summary.contract_figures[0].delivered_gpu_hours == Approx(1000.0 * (t - 480)).epsilon(1e-9));
  CHECK(r.summary.contracts[0].used_usd == Approx(1000.0 * (t - 480) * 2).epsilon(1e-9));
}

TEST_CASE("rule: a contract without issue 17's terms is accrued as before (docs/money.md)", "[contracts][rule]") {
  // the provider's GPU-hours at each daily row, counted whole while the row is inside the term; the implied
  // price extrapolates the last day's mean GPUs up (2,000) to the term's end
  json d = late_site();
  d["contracts"] = json::array({contract(true)});
  const auto r = gwsim::test::run_buildout(d);
  const double t = last_hours(r);
  const double delivered = 1000.0 * (t - 480) + 1000.0 * (t - 720);
  const gwsim::ContractFigures& f = r.summary.contract_figures[0];
  CHECK(f.delivered_gpu_hours == Approx(delivered).epsilon(1e-9));
  CHECK(r.summary.contracts[0].used_usd == Approx(delivered * 2).epsilon(1e-9));
  const double committed_usd = 1e8 * t / (gwsim::units::kDaysPerYear * 24);
  CHECK(r.summary.contracts[0].committed_usd == Approx(committed_usd).epsilon(1e-9));
  CHECK(f.exposure_usd == Approx(committed_usd - delivered * 2).epsilon(1e-9));
  CHECK(f.credit_usd == 0);
  const double term_hours = gwsim::units::kDaysPerYear * 24;
  CHECK(f.implied_usd_per_gpu_hour == Approx(1e8 / (delivered + 2000.0 * (term_hours - t))).epsilon(1e-6));
  CHECK_THROWS(r.ts.column("contract_exposure_usd"));
}

TEST_CASE("ramp_gpu_hours integrates the step function within [from, to]", "[contracts]") {
  gwsim::ContractRamp ramp{{gwsim::days(10), gwsim::days(20)}, {1000, 2000}};
  CHECK(gwsim::ramp_gpu_hours(ramp, 0, gwsim::days(5)) == 0);
  CHECK(gwsim::ramp_gpu_hours(ramp, 0, gwsim::days(15)) == 1000.0 * 5 * 24);
  CHECK(gwsim::ramp_gpu_hours(ramp, gwsim::days(12), gwsim::days(25)) == 1000.0 * 8 * 24 + 2000.0 * 5 * 24);
  CHECK(gwsim::ramp_gpu_hours(ramp, gwsim::days(30), gwsim::days(25)) == 0);
}

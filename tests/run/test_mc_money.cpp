// Money under Monte Carlo (docs/money.md, "Monte Carlo"; run/monte_carlo_stats.hpp): each
// replication's NPV, spend, cost per GPU-hour and per H100e-hour and contract exposure, in
// replications.csv and, as P10/P50/P90 (type 7), in summary.json's monte_carlo.money.
#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/stats.hpp"
#include "io/loader.hpp"
#include "io/output.hpp"
#include "run/monte_carlo_stats.hpp"
#include "support/scenarios.hpp"

using nlohmann::json;

namespace {

// One owned site, ten racks of $2M each delivered on 2026-01-15 (no failures, no slip: nothing
// random), every cost but the racks' zero and a discount rate of 9%: the only cash flow is $20M in the
// month of the delivery m (0: January), so NPV = -20e6 / 1.09^((m + 1) / 12).
json ten_racks() {
  return json::parse(R"({
    "gwsim_scenario": 1, "name": "money", "start": "2026-01-01", "end": "2026-12-31",
    "catalog": {"R": {"gpus_per_rack": 72, "gpus_per_node": 4, "rack_power_kw": 100, "fp8_pflops_per_gpu": 5,
                      "bf16_pflops_per_gpu": 2.5, "hbm_gb_per_gpu": 192, "capex_usd_per_rack": 2e6,
                      "failure_classes": []}},
    "sites": [{"name": "a", "provider": "P", "pue": 1.2, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 10, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 10}],
               "install": {"crews": 1, "racks_per_crew_per_week": 50, "burn_in_hours": 24, "burn_in_fail_prob": 0},
               "repair": {"technicians": 1, "spare_nodes": 1, "spare_restock_days": 7}}],
    "orders": [{"sku": "R", "site": "a", "deliveries": [{"date": "2026-01-15", "racks": 10}]}],
    "costs": {"energy_usd_per_mwh": 0, "facility": {"usd_per_it_mw": 0}, "network_usd_per_gpu": 0,
              "land_usd_per_it_mw": 0, "staff_usd_per_mw_year": 0, "maintenance_share_per_year": 0,
              "discount_rate": 0.09},
    "failures": {"enabled": false}
  })");
}

double npv_of_month(int m) { return -20e6 / std::pow(1.09, (m + 1) / 12.0); }

// The month (0: January) whose cash flow holds the racks' capex; -1 if none.
int capex_month(const gwsim::MoneyFigures& m) {
  for (std::size_t i = 0; i < m.cash_flow.size(); ++i)
    if (m.cash_flow[i].usd[static_cast<std::size_t>(gwsim::MoneyCategory::racks)] != 0) return static_cast<int>(i);
  return -1;
}

}  // namespace

TEST_CASE("money nothing random moves: P10 = P50 = P90 = the single run's NPV, the closed form", "[mc_money]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(ten_racks(), "t.json");
  const gwsim::RunOutput one = gwsim::run_scenario(s, 123);
  REQUIRE(one.summary.money.used);
  CHECK(one.summary.money.npv_usd == Approx(npv_of_month(0)).epsilon(1e-12));
  CHECK(one.summary.money.total_usd == 20e6);
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 5, 7, 2);
  REQUIRE(gwsim::has_money(mc));
  const std::vector<gwsim::FigureStats> st = gwsim::money_figure_stats(mc);
  REQUIRE(st.size() == 5);
  CHECK(st[0].name == "npv_usd");
  CHECK(st[1].name == "spend_usd");
  CHECK(st[2].name == "cost_per_gpu_hour_usd");
  CHECK(st[3].name == "cost_per_h100e_hour_usd");
  CHECK(st[4].name == "contract_exposure_usd");
  for (double q : st[0].quantiles) CHECK(q == one.summary.money.npv_usd);
  for (double q : st[1].quantiles) CHECK(q == 20e6);
  for (double q : st[2].quantiles) CHECK(q == one.summary.money.cost_per_gpu_hour_usd);
  for (double q : st[3].quantiles) CHECK(q == one.summary.money.cost_per_h100e_hour_usd);
  for (double q : st[4].quantiles) CHECK(q == 0);  // no contract
  CHECK(one.summary.money.cost_per_gpu_hour_usd > 0);
  // summary.json's monte_carlo.money and replications.csv say the same
  const gwsim::Calendar cal(s.start_iso);
  const json j = gwsim::monte_carlo_json(mc, cal);
  CHECK(j.at("money").at("npv_usd").at("p10").get<double>() == one.summary.money.npv_usd);
  CHECK(j.at("money").at("npv_usd").at("p90").get<double>() == one.summary.money.npv_usd);
  CHECK(j.at("money").size() == 5);
  const std::string csv = gwsim::replications_csv(mc, cal);
  CHECK(
      csv.starts_with("replication,seed,in_service_50pct,in_service_90pct,in_service_100pct,stranded_gpu_days,"
                      "waiting_crew_gpu_days,energy_mwh,capex_usd,failures,gpus_in_service_at_end,npv_usd,"
                      "spend_usd,cost_per_gpu_hour_usd,cost_per_h100e_hour_usd,contract_exposure_usd\n"));
  CHECK(csv.find(fmt::format(",{},20000000,{},{},0\n", one.summary.money.npv_usd,
                             one.summary.money.cost_per_gpu_hour_usd, one.summary.money.cost_per_h100e_hour_usd)) !=
        std::string::npos);
}

TEST_CASE("money a slip moves: each replication's NPV is its month's closed form, with spread", "[mc_money]") {
  json d = ten_racks();
  d["orders"][0]["slip_days"] = {{"dist", "uniform"}, {"min", 0}, {"max", 200}};  // within the year
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 5, 20, 2);
  std::vector<double> npv;
  std::set<int> months;
  for (const gwsim::Replication& r : mc.runs) {
    const int m = capex_month(r.summary.money);
    REQUIRE(m >= 0);
    months.insert(m);
    CHECK(r.summary.money.npv_usd == Approx(npv_of_month(m)).epsilon(1e-12));
    CHECK(gwsim::money_figure(r.summary, 1) == 20e6);  // the spend is the same; its date is not
    npv.push_back(r.summary.money.npv_usd);
  }
  CHECK(months.size() > 2);
  const std::vector<gwsim::FigureStats> st = gwsim::money_figure_stats(mc);
  CHECK(st[0].quantiles[0] < st[0].quantiles[1]);
  CHECK(st[0].quantiles[1] < st[0].quantiles[2]);
  for (std::size_t q = 0; q < 3; ++q) CHECK(st[0].quantiles[q] == gwsim::quantile(npv, gwsim::kBandQuantiles[q]));
}

TEST_CASE("money a contract's exposure: each replication's is its contracts' summed", "[mc_money]") {
  const std::filesystem::path tests = std::filesystem::path(__FILE__).parent_path().parent_path();
  const gwsim::Scenario s = gwsim::load_scenario(tests / "scenarios" / "every_feature.json");
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 2, 4, 2);
  std::set<double> exposures;
  for (const gwsim::Replication& r : mc.runs) {
    double sum = 0;
    for (const gwsim::ContractFigures& c : r.summary.contract_figures) sum += c.exposure_usd;
    CHECK(gwsim::money_figure(r.summary, 4) == sum);
    CHECK(gwsim::money_figure(r.summary, 1) == r.summary.money.total_usd);
    exposures.insert(sum);
  }
  CHECK(exposures.size() > 1);  // late deliveries differ by replication
}

TEST_CASE("rule: without the money model, Monte Carlo has no money figures (docs/money.md)", "[mc_money][rule]") {
  const gwsim::Scenario s = gwsim::test::small_monte_carlo_scenario();
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 5, 2, 1);
  CHECK_FALSE(gwsim::has_money(mc));
  CHECK(gwsim::money_figure_stats(mc).empty());
  const gwsim::Calendar cal(s.start_iso);
  CHECK_FALSE(gwsim::monte_carlo_json(mc, cal).contains("money"));
  CHECK(gwsim::replications_csv(mc, cal).find("npv_usd") == std::string::npos);
}

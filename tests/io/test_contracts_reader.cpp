// contracts[]'s issue 17 keys (docs/scenarios.md, "Contracts"): ramp, prices, late_credit_share; one test per
// error path, located by JSON pointer.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "loader_fixtures.hpp"

using gwsim::test::error_code_at;
using gwsim::test::minimal_scenario;
using nlohmann::json;

namespace {

json with_contract(const json& extra) {
  json d = minimal_scenario();
  json k = {{"name", "k"},     {"provider", "AWS"},   {"total_usd", 1e8},     {"start", "2026-01-01"},
            {"term_years", 1}, {"take_or_pay", true}, {"usd_per_gpu_hour", 2}};
  k.update(extra);
  d["contracts"] = json::array({k});
  return d;
}

}  // namespace

TEST_CASE("contracts: ramp, prices and late_credit_share are read", "[contracts_reader]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(
      with_contract(
          json::parse(R"({"ramp": [{"date": "2026-01-11", "gpus": 1000}, {"date": "2026-01-21", "gpus": 2000}],
                                    "prices": {"GB200_NVL72": 3.5}, "late_credit_share": 0.25})")),
      "t.json");
  const gwsim::Contract& k = s.contracts.at(0);
  REQUIRE(k.ramp.dates == std::vector<gwsim::Tick>{gwsim::days(10), gwsim::days(20)});
  REQUIRE(k.ramp.gpus == std::vector<std::int64_t>{1000, 2000});
  REQUIRE(k.sku_prices.size() == 1);
  CHECK(s.skus.at(static_cast<std::size_t>(k.sku_prices[0].sku)).name == "GB200_NVL72");
  CHECK(k.sku_prices[0].usd_per_gpu_hour == 3.5);
  CHECK(k.late_credit_share == 0.25);
}

TEST_CASE("contracts: without the new keys, no ramp, no prices, no credit", "[contracts_reader]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(with_contract(json::object()), "t.json");
  CHECK(s.contracts.at(0).ramp.dates.empty());
  CHECK(s.contracts.at(0).sku_prices.empty());
  CHECK(s.contracts.at(0).late_credit_share == 0);
}

TEST_CASE("contracts: errors in the new keys are located", "[contracts_reader]") {
  CHECK(error_code_at(with_contract({{"ramp", json::parse(R"([{"date": "2026-01-21", "gpus": 1000},
        {"date": "2026-01-11", "gpus": 2000}])")}})) == "scenario.order /contracts/0/ramp/1/date");
  CHECK(error_code_at(with_contract({{"ramp", json::parse(R"([{"date": "2026-01-11", "gpus": 2000},
        {"date": "2026-01-21", "gpus": 1000}])")}})) == "scenario.order /contracts/0/ramp/1/gpus");
  CHECK(error_code_at(with_contract({{"ramp", json::parse(R"([{"date": "2026-01-11", "gpus": -1}])")}})) ==
        "scenario.range /contracts/0/ramp/0/gpus");
  CHECK(error_code_at(with_contract({{"ramp", json::parse(R"([{"date": "2026-01-11"}])")}})) ==
        "scenario.missing_key /contracts/0/ramp/0/gpus");
  CHECK(error_code_at(with_contract({{"ramp", json::parse(R"([{"date": "2026-01-11", "gpus": 1, "x": 1}])")}})) ==
        "scenario.unknown_key /contracts/0/ramp/0/x");
  CHECK(error_code_at(with_contract({{"ramp", json::object()}})) == "scenario.type /contracts/0/ramp");
  CHECK(error_code_at(with_contract({{"prices", json::parse(R"({"NOPE": 3})")}})) ==
        "scenario.reference /contracts/0/prices/NOPE");
  CHECK(error_code_at(with_contract({{"prices", json::parse(R"({"GB200_NVL72": 0})")}})) ==
        "scenario.range /contracts/0/prices/GB200_NVL72");
  CHECK(error_code_at(with_contract({{"prices", json::array()}})) == "scenario.type /contracts/0/prices");
  CHECK(error_code_at(with_contract({{"late_credit_share", 1.5}})) == "scenario.range /contracts/0/late_credit_share");
  CHECK(error_code_at(with_contract({{"late_credit_share", "x"}})) == "scenario.type /contracts/0/late_credit_share");
  CHECK(error_code_at(with_contract({{"ramps", 1}})) == "scenario.unknown_key /contracts/0/ramps");
}

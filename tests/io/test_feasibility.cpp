// The checks before a run (sim/io/feasibility.hpp): each on a small scenario
// whose figures are worked out here by hand, with the code and pointer it gives.
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/feasibility.hpp"
#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"

using nlohmann::json;

namespace {

// One site "a" of 100 MW at PUE 1.2 with 1000 slots; `racks` racks of 132 kW
// (a custom SKU "R132") delivered on 2026-02-01.
json site_of_100_mw(int racks) {
  json d = gwsim::test::minimal_scenario();
  d["catalog"]["R132"] = json::parse(R"({"gpus_per_rack": 72, "gpus_per_node": 4, "rack_power_kw": 132,
      "fp8_pflops_per_gpu": 5, "bf16_pflops_per_gpu": 2.5, "hbm_gb_per_gpu": 192, "capex_usd_per_rack": 1,
      "failure_classes": []})");
  d["sites"][0]["power_stages"] = json::parse(R"([{"date": "2026-01-01", "power_mw": 40},
                                                  {"date": "2026-06-01", "power_mw": 60}])");
  d["sites"][0]["buildings"][0]["rack_slots"] = 1000;
  d["orders"][0]["sku"] = "R132";
  d["orders"][0]["deliveries"][0]["racks"] = racks;
  return d;
}

std::vector<std::pair<std::string, std::string>> warnings_of(const json& d) {
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  std::vector<std::pair<std::string, std::string>> out;
  for (const gwsim::Diagnostic& w : gwsim::scenario_warnings(s, d)) {
    CHECK(w.severity == gwsim::Diagnostic::Severity::warning);
    CHECK(w.file == "t.json");
    out.emplace_back(w.code, w.pointer);
  }
  return out;
}

using Found = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("the minimal scenario has no warnings", "[feasibility]") {
  const json d = gwsim::test::minimal_scenario();
  REQUIRE(warnings_of(d).empty());
}

TEST_CASE("a site energizing less than its racks need at its PUE is feasibility.power", "[feasibility]") {
  // 700 racks x 132 kW = 92.4 MW of racks, x PUE 1.2 = 110.88 MW > 40 + 60 = 100 MW
  const json short_of_power = site_of_100_mw(700);
  REQUIRE(warnings_of(short_of_power) == Found{{"feasibility.power", "/sites/0/power_stages"}});
  const gwsim::Scenario s = gwsim::scenario_from_json(short_of_power, "t.json");
  REQUIRE_THAT(gwsim::scenario_warnings(s, short_of_power)[0].message,
               Catch::Contains("energizes 100 MW") && Catch::Contains("need 110.88 MW") &&
                   Catch::Contains("92.4 MW of racks at PUE 1.2"));
  // 631 racks: 631 x 0.132 x 1.2 = 99.9504 MW, within 100 MW; 632 racks: 100.1088 MW, not
  REQUIRE(warnings_of(site_of_100_mw(631)).empty());
  REQUIRE(warnings_of(site_of_100_mw(632)) == Found{{"feasibility.power", "/sites/0/power_stages"}});
  // every site is checked: a second site short of power is named at its own pointer
  json two = site_of_100_mw(600);
  json b = two["sites"][0];
  b["name"] = "b";
  two["sites"].push_back(b);
  two["orders"].push_back(two["orders"][0]);
  two["orders"][1]["site"] = "b";
  two["orders"][1]["deliveries"][0]["racks"] = 700;
  REQUIRE(warnings_of(two) == Found{{"feasibility.power", "/sites/1/power_stages"}});
}

TEST_CASE("fewer rack slots than racks ordered is feasibility.slots", "[feasibility]") {
  json d = site_of_100_mw(600);  // 95.04 MW: enough power
  d["sites"][0]["buildings"] = json::parse(R"([{"rack_slots": 400, "ready": "2026-01-01"},
                                               {"rack_slots": 199, "ready": "2026-03-01"}])");
  REQUIRE(warnings_of(d) == Found{{"feasibility.slots", "/sites/0/buildings"}});
  d["sites"][0]["buildings"][1]["rack_slots"] = 200;  // 400 + 200 = 600 slots for 600 racks
  REQUIRE(warnings_of(d).empty());
}

TEST_CASE("power a thousand times what the racks need is plausibility.power", "[feasibility]") {
  json d = gwsim::test::minimal_scenario();  // 3 GB200 racks at PUE 1.2
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  const double need_mw = 3 * s.skus[static_cast<std::size_t>(s.orders[0].sku)].rack_power_kw / 1000 * 1.2;
  d["sites"][0]["power_stages"][0]["power_mw"] = 1000 * need_mw * 0.999;
  REQUIRE(warnings_of(d).empty());
  d["sites"][0]["power_stages"][0]["power_mw"] = 1000 * need_mw;  // exactly 1000 times: not over it
  REQUIRE(warnings_of(d).empty());
  d["sites"][0]["power_stages"][0]["power_mw"] = 1000 * need_mw * 1.001;  // kW typed as MW
  REQUIRE(warnings_of(d) == Found{{"plausibility.power", "/sites/0/power_stages"}});
  // a site with no racks ordered needs 0 MW: no ratio to judge, no warning (power built ahead of orders)
  d["sites"][0]["power_stages"][0]["power_mw"] = need_mw;
  json idle = d["sites"][0];
  idle["name"] = "idle";
  d["sites"].push_back(idle);
  REQUIRE(warnings_of(d).empty());
}

TEST_CASE("a rack above 1 MW is plausibility.rack_power", "[feasibility]") {
  json d = site_of_100_mw(10);
  d["sites"][0]["max_rack_power_kw"] = 200'000;
  d["catalog"]["R132"]["rack_power_kw"] = 1000;  // 1 MW: the limit itself is plausible
  REQUIRE(warnings_of(d).empty());
  d["catalog"]["R132"]["rack_power_kw"] = 132'000;  // W typed as kW; 10 racks: 1584 MW > 100 MW
  REQUIRE(warnings_of(d) == Found{{"plausibility.rack_power", "/catalog/R132/rack_power_kw"},
                                  {"feasibility.power", "/sites/0/power_stages"}});
  // the message gives the figure in kW and in MW (132,000 kW = 132 MW)
  const auto w = gwsim::scenario_warnings(gwsim::scenario_from_json(d, "t.json"), d);
  REQUIRE(w.at(0).message.find("132000 kW (132 MW)") != std::string::npos);
}

TEST_CASE("deliveries arriving after the end are feasibility.horizon", "[feasibility]") {
  json d = gwsim::test::minimal_scenario();  // ends 2026-12-31
  d["orders"][0]["deliveries"] = json::parse(R"([{"date": "2026-02-01", "racks": 1},
      {"date": "2026-12-01", "racks": 1}, {"date": "2026-12-02", "racks": 1}])");
  d["orders"][0]["lead_time_days"] = 30;  // 2026-12-01 + 30 days = 2026-12-31: in; 2026-12-02: out
  REQUIRE(warnings_of(d) == Found{{"feasibility.horizon", "/orders/0/deliveries/2/date"}});
  d["orders"][0]["lead_time_days"] = 29;
  REQUIRE(warnings_of(d).empty());
  d["orders"][0].erase("deliveries");  // a schedule: the warning points at it
  d["orders"][0]["lead_time_days"] = 40;
  d["orders"][0]["schedule"] = {{"from", "2026-10-01"}, {"to", "2026-12-01"}, {"every", "month"}, {"racks", 1}};
  REQUIRE(warnings_of(d) == Found{{"feasibility.horizon", "/orders/0/schedule"}});
}

TEST_CASE("a contract with a provider that has no site is feasibility.provider", "[feasibility]") {
  json d = gwsim::test::minimal_scenario();  // site "a" of provider "AWS"
  d["contracts"] = json::parse(R"([{"provider": "AWS", "total_usd": 1e6, "start": "2026-01-01", "term_years": 1,
      "take_or_pay": true, "usd_per_gpu_hour": 2}])");
  REQUIRE(warnings_of(d).empty());
  d["contracts"][0]["provider"] = "AWZ";
  REQUIRE(warnings_of(d) == Found{{"feasibility.provider", "/contracts/0/provider"}});
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  REQUIRE_THAT(gwsim::scenario_warnings(s, d)[0].message,
               Catch::Contains("the providers are: AWS; did you mean \"AWS\"?"));
}

TEST_CASE("every contract's provider is checked, not only the first's", "[feasibility]") {
  json d = gwsim::test::minimal_scenario();  // site "a" of provider "AWS"
  const json aws = json::parse(R"({"provider": "AWS", "total_usd": 1e6, "start": "2026-01-01", "term_years": 1,
      "take_or_pay": true, "usd_per_gpu_hour": 2})");
  d["contracts"] = json::array({aws, aws, aws});
  d["contracts"][2]["provider"] = "Azure";
  REQUIRE(warnings_of(d) == Found{{"feasibility.provider", "/contracts/2/provider"}});
}

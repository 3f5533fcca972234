#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "model/replications.hpp"
#include "scenario/loader.hpp"

using nlohmann::json;

namespace {
gwsim::Scenario small() {
  json d = json::parse(R"({
    "gwsim_scenario": 1, "name": "mc", "start": "2026-01-01", "end": "2026-06-30", "seed": 4,
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.2, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 100, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 20}],
               "install": {"crews": 2, "racks_per_crew_per_week": 5, "burn_in_hours": 48, "burn_in_fail_prob": 0.05},
               "repair": {"technicians": 4, "spare_nodes": 40, "spare_restock_days": 5}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "schedule": {"from": "2026-01-15", "to": "2026-04-15", "every": "month", "racks": 20},
                "slip_days": {"dist": "lognormal", "median": 10, "sigma": 1}}]
  })");
  return gwsim::scenario_from_json(d, "mc.json");
}
}  // namespace

TEST_CASE("replications do not depend on the number of threads", "[replications]") {
  const gwsim::Scenario s = small();
  const gwsim::MonteCarlo one = gwsim::run_replications(s, 7, 12, 1);
  const gwsim::MonteCarlo three = gwsim::run_replications(s, 7, 12, 3);
  REQUIRE(one.runs.size() == 12);
  REQUIRE(one.times == three.times);
  REQUIRE(one.times.size() == 181);
  for (std::size_t r = 0; r < 12; ++r) {
    REQUIRE(one.runs[r].seed == three.runs[r].seed);
    REQUIRE(one.runs[r].columns == three.runs[r].columns);
    REQUIRE(one.runs[r].summary.failures == three.runs[r].summary.failures);
  }
  // replications differ from each other, and extending the count keeps the first ones
  REQUIRE(one.runs[0].summary.in_service_100pct != one.runs[1].summary.in_service_100pct);
  const gwsim::MonteCarlo more = gwsim::run_replications(s, 7, 20, 2);
  REQUIRE(more.runs[11].columns == one.runs[11].columns);
}

TEST_CASE("type-7 quantiles", "[replications]") {
  std::vector<double> v{4, 1, 3, 2, 5};
  REQUIRE(gwsim::quantile(v, 0.5) == 3.0);
  REQUIRE(gwsim::quantile(v, 0.1) == Approx(1.4));
  REQUIRE(gwsim::quantile(v, 0.9) == Approx(4.6));
  REQUIRE(gwsim::quantile(v, 0.0) == 1.0);
  REQUIRE(gwsim::quantile(v, 1.0) == 5.0);
}

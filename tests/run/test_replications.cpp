#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "run/replications.hpp"
#include "support/scenarios.hpp"

using nlohmann::json;

namespace {
gwsim::Scenario small() { return gwsim::test::small_monte_carlo_scenario(); }
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

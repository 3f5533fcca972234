// Tests of sim/run/monte_carlo_stats: bands and key dates of replications.
#include <catch2/catch.hpp>

#include "run/monte_carlo_stats.hpp"

namespace {
// Five replications of two columns over two days, values chosen by hand.
gwsim::MonteCarlo hand_made() {
  gwsim::MonteCarlo mc;
  mc.columns = {"a", "b"};
  mc.times = {0, gwsim::days(1)};
  const double a[5][2] = {{3, 10}, {1, 10}, {5, 10}, {2, 10}, {4, 10}};
  for (int r = 0; r < 5; ++r) {
    gwsim::Replication rep;
    rep.columns = {{a[r][0], a[r][1]}, {-a[r][0], 100.0 * r}};
    mc.runs.push_back(rep);
  }
  return mc;
}
}  // namespace

TEST_CASE("bands are type-7 quantiles over replications, per column and day", "[replications]") {
  const gwsim::Bands b = gwsim::band_values(hand_made());
  REQUIRE(b.size() == 2);
  // column a, day 0: 1..5 in any order: P10 = 1 + 0.4 * (2 - 1), P50 = 3, P90 = 4 + 0.6 * (5 - 4)
  CHECK(b[0][0][0] == Approx(1.4));
  CHECK(b[0][1][0] == 3.0);
  CHECK(b[0][2][0] == Approx(4.6));
  // day 1: all equal
  CHECK(b[0][0][1] == 10.0);
  CHECK(b[0][2][1] == 10.0);
  // column b, day 0: -5..-1; day 1: 0, 100, ..., 400
  CHECK(b[1][0][0] == Approx(-4.6));
  CHECK(b[1][2][0] == Approx(-1.4));
  CHECK(b[1][1][1] == 200.0);
  CHECK(b[1][2][1] == Approx(360.0));
  CHECK(gwsim::band_names()[0] == "p10");
  CHECK(gwsim::band_names()[2] == "p90");
}

TEST_CASE("key dates are named and read in order", "[replications]") {
  gwsim::BuildoutSummary s;
  s.in_service_50pct = 5;
  s.in_service_100pct = 9;
  REQUIRE(gwsim::milestone_names() ==
          std::vector<std::string>{"in_service_50pct", "in_service_90pct", "in_service_100pct"});
  CHECK(gwsim::milestone(s, 0) == 5);
  CHECK_FALSE(gwsim::milestone(s, 1).has_value());
  CHECK(gwsim::milestone(s, 2) == 9);
}

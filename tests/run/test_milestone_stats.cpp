// Monte Carlo statistics of scenario milestones (run/monte_carlo_stats.hpp).
#include <vector>

#include <catch2/catch.hpp>

#include "core/stats.hpp"
#include "run/monte_carlo_stats.hpp"

namespace {

gwsim::MonteCarlo runs_with(const std::vector<std::optional<gwsim::Tick>>& dates) {
  gwsim::MonteCarlo mc;
  for (const auto& d : dates) {
    gwsim::Replication r;
    r.summary.milestones.push_back(gwsim::MilestoneOutcome{d, 0, 1});
    mc.runs.push_back(r);
  }
  return mc;
}

}  // namespace

TEST_CASE("milestone dates: type-7 quantiles of the replications' dates, probability and Wilson interval",
          "[milestones][monte_carlo]") {
  gwsim::Scenario s;
  gwsim::Milestone m;
  m.name = "m";
  m.deadline = gwsim::days(10);  // reached before day 10 meets it
  s.milestones.push_back(m);
  // 10 replications, all reached: days 1..10 (the one on day 10 exactly misses: it is not before)
  std::vector<std::optional<gwsim::Tick>> dates;
  std::vector<double> values;
  for (int d = 10; d >= 1; --d) {
    dates.emplace_back(gwsim::days(d));
    values.push_back(static_cast<double>(gwsim::days(d)));
  }
  const auto st = gwsim::milestone_stats(s, runs_with(dates)).at(0);
  for (std::size_t q = 0; q < 3; ++q) {
    std::vector<double> v = values;
    CHECK(*st.dates[q] == std::llround(gwsim::quantile(v, gwsim::kBandQuantiles[q])));
  }
  CHECK(*st.dates[1] == gwsim::days(5) + gwsim::days(1) / 2);  // P50 of 1..10 days is 5.5 days
  CHECK(st.reached == 10);
  CHECK(st.met == 9);
  CHECK(st.probability == 0.9);
  const gwsim::Interval ci = gwsim::wilson_interval(9, 10);
  CHECK(st.ci_low == ci.lo);
  CHECK(st.ci_high == ci.hi);
}

TEST_CASE("a replication that never reached a milestone counts as later than every date", "[milestones][monte_carlo]") {
  gwsim::Scenario s;
  s.milestones.push_back(gwsim::Milestone{});
  // 10 replications: days 1..8 and two never. Type 7 over n = 10: P10 at position 0.9
  // (between day 1 and day 2), P50 at 4.5 (days 5 and 6), P90 at 8.1 (touches a never: null)
  std::vector<std::optional<gwsim::Tick>> dates{std::nullopt, std::nullopt};
  for (int d = 1; d <= 8; ++d) dates.emplace_back(gwsim::days(d));
  const auto st = gwsim::milestone_stats(s, runs_with(dates)).at(0);
  CHECK(*st.dates[0] == std::llround(0.1 * gwsim::days(1) + 0.9 * gwsim::days(2)));
  CHECK(*st.dates[1] == gwsim::days(5) + gwsim::days(1) / 2);
  CHECK_FALSE(st.dates[2].has_value());
  CHECK(st.reached == 8);
  CHECK(st.met == 0);  // no deadline
  // position exactly on the last reached value: 8 of 9 with q = 7/8 -> position 7, day 8
  CHECK(*gwsim::quantile_with_never({1, 2, 3, 4, 5, 6, 7, 8}, 1, 7.0 / 8.0) == 8);
  CHECK_FALSE(gwsim::quantile_with_never({}, 3, 0.1).has_value());
}

// The milestones of summary.json over Monte Carlo replications
// (sim/io/milestones_output.cpp; docs/outputs.md, "Milestones").
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/stats.hpp"
#include "io/output.hpp"

TEST_CASE(
    "rule: monte_carlo.milestones gives, per milestone, P10/P50/P90 of its date, reached and the deadline's "
    "probability (docs/outputs.md)",
    "[milestones][monte_carlo][output][rule]") {
  gwsim::Scenario s;
  s.start_iso = "2026-01-01";
  gwsim::Milestone first;
  first.name = "first";
  first.threshold = 72;
  gwsim::Milestone second = first;
  second.name = "second";
  second.threshold = 144;
  second.deadline = gwsim::days(10);  // 2026-01-10: reached before the end of that day meets it
  second.deadline_iso = "2026-01-10";
  s.milestones = {first, second};
  // 4 replications: the first reached on day 2 by all; the second on day 5 by 3, never by 1
  gwsim::MonteCarlo mc;
  for (int r = 0; r < 4; ++r) {
    gwsim::Replication rep;
    rep.summary.milestones.push_back({gwsim::days(2), 72, 72});
    rep.summary.milestones.push_back({r < 3 ? std::optional(gwsim::days(5)) : std::nullopt, 72, 144});
    mc.runs.push_back(rep);
  }
  const nlohmann::json j = gwsim::monte_carlo_milestones_json(s, mc);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["name"] == "first");
  CHECK(j[0]["reached"] == 1.0);
  CHECK(j[0]["p10"] == "2026-01-03T00:00:00");
  CHECK(j[0]["p90"] == "2026-01-03T00:00:00");
  CHECK_FALSE(j[0].contains("probability"));  // no deadline
  // type 7 over {day 5, day 5, day 5, never}: P10 at position 0.3 and P50 at 1.5 fall among the day-5
  // dates; P90 at 2.7 reaches the never, so it is null
  CHECK(j[1]["name"] == "second");
  CHECK(j[1]["reached"] == 0.75);
  CHECK(j[1]["p10"] == "2026-01-06T00:00:00");
  CHECK(j[1]["p50"] == "2026-01-06T00:00:00");
  CHECK(j[1]["p90"].is_null());
  CHECK(j[1]["deadline"] == "2026-01-10");
  CHECK(j[1]["probability"] == 0.75);  // 3 of 4 before the end of 2026-01-10
  const gwsim::Interval ci = gwsim::wilson_interval(3, 4);
  CHECK(j[1]["ci_low"] == ci.lo);
  CHECK(j[1]["ci_high"] == ci.hi);
}

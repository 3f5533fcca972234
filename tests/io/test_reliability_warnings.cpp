// Reliability keys that are legal but implausible (sim/io/reliability_warnings.hpp;
// docs/reliability.md, "Warnings"): each warning at its pointer, and not one
// just inside its threshold.
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"
#include "io/reliability_warnings.hpp"

using nlohmann::json;

namespace {

// Three racks of SKU X (72 GPUs, nodes of 4) at site "a" for 2026; one rack-level failure class of
// mtbf_gpu_hours `mtbf` (per rack: mtbf / 72 hours).
json fleet(double mtbf = 72000) {
  json d = gwsim::test::minimal_scenario();
  json x = gwsim::test::nvl72_catalog_entry();
  x["failure_classes"] = {{{"name", "rack"},
                           {"mtbf_gpu_hours", mtbf},
                           {"blast", "rack"},
                           {"repair_hours", {{"dist", "fixed"}, {"value", 1}}}}};
  d["catalog"] = {{"X", x}};
  d["orders"][0]["sku"] = "X";
  return d;
}

// "code pointer" of each reliability warning of `d`.
std::vector<std::string> warned(const json& d) {
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  std::vector<std::string> out;
  for (const gwsim::Diagnostic& w : gwsim::detail::reliability_warnings(s, "t.json"))
    out.push_back(w.code + " " + w.pointer);
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("warning: lemons.fraction above 0.5", "[io][warnings][reliability]") {
  json d = fleet();
  d["catalog"]["X"]["lemons"] = {{"fraction", 0.6}};
  CHECK(warned(d) == V{"plausibility.lemon_fraction /catalog/X/lemons/fraction"});
  d["catalog"]["X"]["lemons"]["fraction"] = 0.5;
  CHECK(warned(d).empty());
}

TEST_CASE("warning: lemons.rate_multiplier above 50", "[io][warnings][reliability]") {
  json d = fleet();
  d["catalog"]["X"]["lemons"] = {{"rate_multiplier", 60}};
  CHECK(warned(d) == V{"plausibility.lemon_multiplier /catalog/X/lemons/rate_multiplier"});
  d["catalog"]["X"]["lemons"]["rate_multiplier"] = 50;
  CHECK(warned(d).empty());
}

TEST_CASE("warning: a repair stage that does not fix the fault more than 80% of the time",
          "[io][warnings][reliability]") {
  json d = fleet();
  d["sites"][0]["repair_stages"] = {{"manual", {{"not_fixed_prob", 0.9}}}};
  CHECK(warned(d) == V{"plausibility.repair_not_fixed /sites/0/repair_stages/manual/not_fixed_prob"});
  d["sites"][0]["repair_stages"] = {{"automated", {{"not_fixed_prob", 0.85}}}, {"manual", {{"not_fixed_prob", 0.8}}}};
  CHECK(warned(d) == V{"plausibility.repair_not_fixed /sites/0/repair_stages/automated/not_fixed_prob"});
  d["sites"][0]["repair_stages"]["automated"]["not_fixed_prob"] = 0.8;
  CHECK(warned(d).empty());
}

TEST_CASE("warning: tolerated_nodes_down equal to the rack's nodes (the rule never acts)",
          "[io][warnings][reliability]") {
  json d = fleet();
  d["catalog"]["X"]["tolerated_nodes_down"] = 18;  // 72 / 4
  CHECK(warned(d) == V{"plausibility.tolerated_nodes_down /catalog/X/tolerated_nodes_down"});
  d["catalog"]["X"]["tolerated_nodes_down"] = 17;
  CHECK(warned(d).empty());
}

TEST_CASE("expected_policy_triggers: lambda T P(Poisson(lambda W) >= m - 1), by hand", "[io][warnings][reliability]") {
  using gwsim::detail::expected_policy_triggers;
  // m = 1: every failure acts
  CHECK(expected_policy_triggers(0.01, 24, 1, 1000) == Approx(10.0));
  // m = 2: a failure acts when another fell in the window before it: 10 x (1 - e^-0.24)
  CHECK(expected_policy_triggers(0.01, 24, 2, 1000) == Approx(10.0 * (1 - std::exp(-0.24))));
  // m = 3: 10 x (1 - e^-mu (1 + mu)), mu = 0.24
  CHECK(expected_policy_triggers(0.01, 24, 3, 1000) == Approx(10.0 * (1 - std::exp(-0.24) * 1.24)));
  CHECK(expected_policy_triggers(0, 24, 3, 1000) == 0);
}

TEST_CASE("warning: a lemon policy a lemon-free rack is expected to meet (refailures counted)",
          "[io][warnings][reliability]") {
  // Per rack 72,000 / 72 = 1,000 h between faults; racks in service from 2026-02-01 to the end of 2027
  // (~16,750 h). 3 failures within 7 days: lambda T P(Poisson(0.168) >= 2) = 16.75 x 0.0126 = 0.21
  // expected actions per rack: no warning.
  json d = fleet(72000);
  d["end"] = "2027-12-31";
  d["lemon_policy"] = {{"failures", 3}, {"window_days", 7}, {"action", "retire"}};
  CHECK(warned(d).empty());
  // Two-stage repair's defaults (p_a 0.4, p_m 0.2; 2 h, 48 h, refail 24 h): 1.5 failures per fault, so
  // 0.0015 x 16,750 x P(Poisson(0.252) >= 2) = 0.67, plus the faults whose own refailures make 3 failures
  // within 2 + 24 + 48 + 24 = 98 h <= 7 days: 0.001 x 16,750 x p_a p_m (0.08) = 1.34: 2.0 >= 1 (the
  // Stargate Abilene case, docs/model.md). Without that second term it would be 0.67: no warning.
  d["sites"][0]["repair_stages"] = json::object();
  CHECK(warned(d) == V{"plausibility.lemon_policy_broad /lemon_policy/failures"});
  // 4 failures: the chain (98 + 72 = 170 h) outlasts 7 days, and 0.0015 x 16,750 x P(Poisson(0.252) >= 3)
  // = 0.06: no warning
  d["lemon_policy"]["failures"] = 4;
  CHECK(warned(d).empty());
  // per rack 100 h between faults, 10 failures within 30 days: 79.9 x P(Poisson(7.2) >= 9) = 21
  d = fleet(7200);
  d["lemon_policy"] = {{"failures", 10}, {"window_days", 30}, {"action", "retire"}};
  CHECK(warned(d) == V{"plausibility.lemon_policy_broad /lemon_policy/failures"});
  // the same thresholds with a cordon: a quarantine, not a loss, so no warning
  d["lemon_policy"] = {{"failures", 10}, {"window_days", 30}, {"action", "cordon"}, {"cordon_days", 2}};
  CHECK(warned(d).empty());
}

TEST_CASE("warning: a lemon policy that will almost surely never act", "[io][warnings][reliability]") {
  // per rack 1,000 h; 5 failures within a day: 3 racks x 0.001 x ~7,990 h x P(Poisson(0.024) >= 4) ~ 3e-7
  json d = fleet(72000);
  d["lemon_policy"] = {{"failures", 5}, {"window_days", 1}, {"action", "cordon"}, {"cordon_days", 2}};
  CHECK(warned(d) == V{"plausibility.lemon_policy_idle /lemon_policy/window_days"});
  // a 60-day window: 3 x 7.99 x P(Poisson(1.44) >= 4) = 3 x 7.99 x 0.058 = 1.4 racks: neither warning
  d["lemon_policy"]["window_days"] = 60;
  CHECK(warned(d).empty());
  // failures only from a replay ("stochastic": false): the rates say nothing of the policy
  gwsim::test::TempDir dir;
  dir.write("failures.csv", "time,site,rack,class\n2026-03-01,a,0,rack\n");
  d["lemon_policy"]["window_days"] = 1;
  d["failure_replay"] = {{"file", "failures.csv"}, {"stochastic", false}};
  const gwsim::Scenario replayed = gwsim::scenario_from_json(d, (dir.path / "t.json").string());
  CHECK(gwsim::detail::reliability_warnings(replayed, "t.json").empty());
  d.erase("failure_replay");
  // no failure class at all: nothing to say
  d["catalog"]["X"]["failure_classes"] = json::array();
  d["lemon_policy"]["window_days"] = 1;
  CHECK(warned(d).empty());
}

TEST_CASE("warnings: the reliability warnings reach the loader's list", "[io][warnings][reliability]") {
  gwsim::test::TempDir dir;
  json d = fleet();
  d["catalog"]["X"]["lemons"] = {{"fraction", 0.9}};
  const auto path = dir.write("s.json", d.dump());
  const gwsim::CheckedScenario c = gwsim::load_checked(path);
  REQUIRE(c.warnings.size() == 1);
  CHECK(c.warnings[0].code == "plausibility.lemon_fraction");
}

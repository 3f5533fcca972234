// Scenario milestones (docs/scenarios.md, "Milestones"), on small scenarios
// whose dates are worked out by hand, and H100 equivalents.
#include <string>
#include <utility>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "io/loader.hpp"
#include "io/output.hpp"
#include "model/columns.hpp"
#include "run/replications.hpp"
#include "scenario/catalog.hpp"

using nlohmann::json;

namespace {

// Site a: 1 crew installing 7 racks a week (one a day), 24 h burn-in, no
// failures; 20 GB200 racks delivered 2026-02-01 (no lead time, no slip).
// Rack k is installed by Feb 1 + k days and in service 24 h later: Feb 1 + (k + 1) days.
// Site b, provider Other: 5 racks delivered 2026-02-01, same crews.
json base() {
  json d = json::parse(R"({
    "gwsim_scenario": 1, "name": "m", "start": "2026-01-01", "end": "2026-12-31",
    "sites": [
      {"name": "a", "provider": "P", "pue": 1.25, "max_rack_power_kw": 140,
       "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
       "power_stages": [{"date": "2026-01-01", "power_mw": 10}, {"date": "2026-03-01", "power_mw": 10}],
       "install": {"crews": 1, "racks_per_crew_per_week": 7, "burn_in_hours": 24, "burn_in_fail_prob": 0},
       "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7}},
      {"name": "b", "provider": "Other", "pue": 1.25, "max_rack_power_kw": 140,
       "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
       "power_stages": [{"date": "2026-01-01", "power_mw": 10}],
       "install": {"crews": 1, "racks_per_crew_per_week": 7, "burn_in_hours": 24, "burn_in_fail_prob": 0},
       "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-02-01", "racks": 20}]},
               {"sku": "GB200_NVL72", "site": "b", "deliveries": [{"date": "2026-02-01", "racks": 5}]}],
    "failures": {"enabled": false}
  })");
  return d;
}

gwsim::RunOutput run(const json& doc) {
  const gwsim::Scenario s = gwsim::scenario_from_json(doc, "m.json");
  return gwsim::run_scenario(s, 1);
}

}  // namespace

TEST_CASE("a GPU milestone at one site is reached when its 14th 72-GPU rack enters service", "[milestones]") {
  json d = base();
  // 13 racks hold 936 GPUs, 14 hold 1,008: the 14th rack at a, in service on Feb 1 + 15 days
  d["milestones"] = {{{"name", "1000 at a"}, {"metric", "gpus_in_service"}, {"threshold", 1000}, {"site", "a"}},
                     {{"name", "14 racks at a"}, {"metric", "racks_in_service"}, {"threshold", 14}, {"site", "a"}},
                     {{"name", "1000 anywhere"}, {"metric", "gpus_in_service"}, {"threshold", 1000}}};
  const gwsim::RunOutput out = run(d);
  const gwsim::Calendar cal("2026-01-01");
  REQUIRE(out.summary.milestones.size() == 3);
  CHECK(cal.format(*out.summary.milestones[0].reached) == "2026-02-16T00:00:00");
  CHECK(out.summary.milestones[0].target == 1000);
  CHECK(out.summary.milestones[0].value_at_end == 20 * 72);
  CHECK(out.summary.milestones[1].reached == out.summary.milestones[0].reached);
  // both sites install a rack a day, but b has only 5: 9 at a and 5 at b is 1,008 GPUs, on Feb 1 + 10 days
  CHECK(cal.format(*out.summary.milestones[2].reached) == "2026-02-11T00:00:00");
}

TEST_CASE("a fraction threshold counts what its filters keep of the orders", "[milestones]") {
  json d = base();
  // half of provider P's 20 racks (720 GPUs): the 10th rack at a, Feb 1 + 11 days;
  // 90% of all 25 racks is 22.5 -> 23 racks: 5 at b by Feb 7, the 18th at a on Feb 20
  d["milestones"] = {{{"name", "half of P"}, {"metric", "gpus_in_service"}, {"fraction", 0.5}, {"provider", "P"}},
                     {{"name", "90% racks"}, {"metric", "racks_in_service"}, {"fraction", 0.9}}};
  const gwsim::RunOutput out = run(d);
  const gwsim::Calendar cal("2026-01-01");
  CHECK(out.summary.milestones[0].target == 720);
  CHECK(cal.format(*out.summary.milestones[0].reached) == "2026-02-12T00:00:00");
  CHECK(out.summary.milestones[1].target == 23);
  CHECK(cal.format(*out.summary.milestones[1].reached) == "2026-02-20T00:00:00");
}

TEST_CASE("rule: a fraction of racks or GPUs is rounded up to a whole number (docs/scenarios.md)",
          "[milestones][rule]") {
  json d = base();
  // 25 racks ordered: 0.2 of them is 5 racks; 0.20000000006 of them is 5.0000000015 racks, rounded up to 6
  // (only a rounding error of 0.9 x 10 = 9.000000000000002, below 1e-9, is not rounded up)
  d["milestones"] = {{{"name", "a fifth"}, {"metric", "racks_in_service"}, {"fraction", 0.2}},
                     {{"name", "over a fifth"}, {"metric", "racks_in_service"}, {"fraction", 0.20000000006}}};
  const gwsim::RunOutput out = run(d);
  CHECK(out.summary.milestones[0].target == 5);
  CHECK(out.summary.milestones[1].target == 6);
}

TEST_CASE("a SKU filter and a PFLOPS metric keep only that SKU", "[milestones]") {
  json d = base();
  // 2 H100_HGX racks (64 GPUs, 1.979 PF each) delivered to b on Mar 1: b's crew is idle
  // by then, so they are in service on Mar 3 and Mar 4
  d["orders"].push_back({{"sku", "H100_HGX"}, {"site", "b"}, {"deliveries", {{{"date", "2026-03-01"}, {"racks", 2}}}}});
  d["milestones"] = {
      {{"name", "H100s"}, {"metric", "gpus_in_service"}, {"threshold", 64}, {"sku", "H100_HGX"}},
      {{"name", "H100 PF"}, {"metric", "pflops_fp8_online"}, {"fraction", 1.0}, {"sku", "H100_HGX"}},
      {{"name", "GB200 PF"}, {"metric", "pflops_fp8_online"}, {"threshold", 360}, {"sku", "GB200_NVL72"}}};
  const gwsim::RunOutput out = run(d);
  const gwsim::Calendar cal("2026-01-01");
  CHECK(cal.format(*out.summary.milestones[0].reached) == "2026-03-04T00:00:00");
  CHECK(out.summary.milestones[1].target == Approx(64 * 1.979).epsilon(1e-15));
  CHECK(out.summary.milestones[1].reached == out.summary.milestones[0].reached);
  // 360 PF = 72 GB200 GPUs of 5 PF: the first rack, at a and b both on Feb 3
  CHECK(cal.format(*out.summary.milestones[2].reached) == "2026-02-03T00:00:00");
}

TEST_CASE(
    "rule: PFLOPS are reached within a relative 1e-12 of the threshold, power in microwatts exactly "
    "(docs/scenarios.md)",
    "[milestones][rule]") {
  json d = base();
  // one GB200 rack at a is 72 x 5 = 360 PF, in service Feb 3; the second, Feb 4.
  // 360.0000000003 is 8.3e-13 above 360 (relative): within 1e-12, reached by the first rack;
  // 360.0000000006 is 1.7e-12 above: not within 1e-12, reached by the second.
  // 20.00000000001 MW is 10 microwatts above a's 20 MW (10 + 10 from Mar 1): never reached.
  // 360.00000000036 is 9.9997e-13 above 360, and 360.00000000036 x (1 - 1e-12) rounds to 360 exactly: at the
  // edge, still within, so reached by the first rack.
  d["milestones"] = {
      {{"name", "near"}, {"metric", "pflops_fp8_online"}, {"threshold", 360.0000000003}, {"site", "a"}},
      {{"name", "above"}, {"metric", "pflops_fp8_online"}, {"threshold", 360.0000000006}, {"site", "a"}},
      {{"name", "10 uW over"}, {"metric", "power_energized_mw"}, {"threshold", 20.00000000001}, {"site", "a"}},
      {{"name", "edge"}, {"metric", "pflops_fp8_online"}, {"threshold", 360.00000000036}, {"site", "a"}}};
  const gwsim::RunOutput out = run(d);
  const gwsim::Calendar cal("2026-01-01");
  REQUIRE(out.summary.milestones.size() == 4);
  CHECK(cal.format(*out.summary.milestones[0].reached) == "2026-02-03T00:00:00");
  CHECK(cal.format(*out.summary.milestones[3].reached) == "2026-02-03T00:00:00");
  CHECK(cal.format(*out.summary.milestones[1].reached) == "2026-02-04T00:00:00");
  CHECK_FALSE(out.summary.milestones[2].reached.has_value());
  CHECK(out.summary.milestones[2].value_at_end == 20);
}

TEST_CASE("rule: pflops_bf16_online counts the dense BF16 PFLOPS of the GPUs up (docs/scenarios.md)",
          "[milestones][rule]") {
  json d = base();
  // a GB200 GPU is 2.5 PF BF16: one rack at a is 72 x 2.5 = 180 PF (Feb 3), two are 360 PF (Feb 4);
  // all 20 racks at a are 3,600 PF at the end
  d["milestones"] = {{{"name", "180"}, {"metric", "pflops_bf16_online"}, {"threshold", 180}, {"site", "a"}},
                     {{"name", "181"}, {"metric", "pflops_bf16_online"}, {"threshold", 181}, {"site", "a"}}};
  const gwsim::RunOutput out = run(d);
  const gwsim::Calendar cal("2026-01-01");
  CHECK(cal.format(*out.summary.milestones[0].reached) == "2026-02-03T00:00:00");
  CHECK(cal.format(*out.summary.milestones[1].reached) == "2026-02-04T00:00:00");
  CHECK(out.summary.milestones[0].value_at_end == 3600);
}

TEST_CASE("rule: summary.json repeats each milestone's metric and its unit (docs/outputs.md, docs/scenarios.md)",
          "[milestones][rule]") {
  json d = base();
  // the metric table of docs/scenarios.md, "Milestones"
  const std::pair<const char*, const char*> metrics[] = {
      {"gpus_in_service", "GPUs"},      {"racks_in_service", "racks"}, {"pflops_fp8_online", "PFLOPS"},
      {"pflops_bf16_online", "PFLOPS"}, {"h100e_in_service", "H100e"}, {"power_energized_mw", "MW"}};
  d["milestones"] = json::array();
  for (const auto& [metric, unit] : metrics)
    d["milestones"].push_back({{"name", metric}, {"metric", metric}, {"threshold", 1}});
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "m.json");
  const json j = gwsim::milestones_json(s, gwsim::run_scenario(s, 1).summary);
  REQUIRE(j.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(j[i]["metric"] == metrics[i].first);
    CHECK(j[i]["unit"] == metrics[i].second);
  }
}

TEST_CASE("an energized-power milestone is reached on a stage's date", "[milestones]") {
  json d = base();
  d["milestones"] = {{{"name", "15 MW at a"}, {"metric", "power_energized_mw"}, {"threshold", 15}, {"site", "a"}},
                     {{"name", "all power"}, {"metric", "power_energized_mw"}, {"fraction", 1.0}},
                     {{"name", "20.5 MW"}, {"metric", "power_energized_mw"}, {"threshold", 20.5}, {"site", "a"}}};
  const gwsim::RunOutput out = run(d);
  const gwsim::Calendar cal("2026-01-01");
  CHECK(cal.format(*out.summary.milestones[0].reached) == "2026-03-01T00:00:00");
  CHECK(out.summary.milestones[1].target == 30);
  CHECK(out.summary.milestones[1].reached == out.summary.milestones[0].reached);
  CHECK_FALSE(out.summary.milestones[2].reached.has_value());  // a plans 20 MW
  CHECK(out.summary.milestones[2].value_at_end == 20);
}

TEST_CASE("a training-run milestone is reached when the run finishes", "[milestones]") {
  json d = base();
  // 72 GPUs for 24 h at a: it starts when a's first rack is in service (Feb 3) and ends 24 h later
  d["workloads"] = json::parse(R"({"policy": "fifo", "training": [{"name": "pilot", "submit": "2026-01-01", "gpus": 72,
      "wall_hours": 24, "checkpoint_hours": 1, "restart_hours": 0, "site": "a"}]})");
  d["milestones"] = {
      {{"name", "pilot done"}, {"metric", "training_run"}, {"run", "pilot"}, {"deadline", "2026-02-04"}},
      {{"name", "pilot by Feb 3"}, {"metric", "training_run"}, {"run", "pilot"}, {"deadline", "2026-02-03"}}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "m.json");
  const gwsim::RunOutput out = gwsim::run_scenario(s, 1);
  const gwsim::Calendar cal(s.start_iso);
  REQUIRE(out.summary.milestones[0].reached.has_value());
  CHECK(cal.format(*out.summary.milestones[0].reached) == "2026-02-04T00:00:00");
  CHECK(*out.summary.milestones[0].reached == out.jobs_summary->training.at(0).end);
  // the deadline is the end of its day: reached at the first instant of Feb 4 meets "2026-02-04", not "2026-02-03"
  const json j = gwsim::milestones_json(s, out.summary);
  CHECK(j[0]["met_deadline"] == true);
  CHECK(j[1]["met_deadline"] == false);
  CHECK(j[0]["reached"] == "2026-02-04T00:00:00");
  CHECK(j[0]["explanation"].is_null());
}

TEST_CASE(
    "rule: a training-run milestone's target is 1 run; its value at the end is 1 once finished, else 0 "
    "(docs/outputs.md)",
    "[milestones][rule]") {
  json d = base();
  // "pilot" (72 GPUs, 24 h) finishes on Feb 4 as above; "huge" needs 10,000 GPUs and never starts
  d["workloads"] = json::parse(R"({"policy": "fifo", "training": [
      {"name": "pilot", "submit": "2026-01-01", "gpus": 72, "wall_hours": 24, "checkpoint_hours": 1,
       "restart_hours": 0, "site": "a"},
      {"name": "huge", "submit": "2026-01-01", "gpus": 10000, "wall_hours": 24, "checkpoint_hours": 1,
       "restart_hours": 0, "site": "a"}]})");
  d["milestones"] = {{{"name", "pilot done"}, {"metric", "training_run"}, {"run", "pilot"}},
                     {{"name", "huge done"}, {"metric", "training_run"}, {"run", "huge"}}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "m.json");
  const gwsim::RunOutput out = gwsim::run_scenario(s, 1);
  REQUIRE(out.summary.milestones.size() == 2);
  CHECK(out.summary.milestones[0].target == 1);
  CHECK(out.summary.milestones[0].value_at_end == 1);
  CHECK(out.summary.milestones[1].target == 1);
  CHECK(out.summary.milestones[1].value_at_end == 0);
  CHECK_FALSE(out.summary.milestones[1].reached.has_value());
  const json j = gwsim::milestones_json(s, out.summary);
  CHECK(j[0]["target"] == 1);
  CHECK(j[1]["target"] == 1);
  CHECK(j[1]["explanation"] == "the training run had not finished by the end");
}

TEST_CASE("deadlines met and missed; an unreached milestone says null", "[milestones]") {
  json d = base();
  d["milestones"] = {
      {{"name", "met"}, {"metric", "racks_in_service"}, {"threshold", 14}, {"site", "a"}, {"deadline", "2026-02-16"}},
      {{"name", "missed"},
       {"metric", "racks_in_service"},
       {"threshold", 14},
       {"site", "a"},
       {"deadline", "2026-02-15"}},
      {{"name", "never"}, {"metric", "racks_in_service"}, {"threshold", 26}, {"deadline", "2026-12-31"}}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "m.json");
  const json j = gwsim::milestones_json(s, gwsim::run_scenario(s, 1).summary);
  CHECK(j[0]["met_deadline"] == true);
  CHECK(j[1]["met_deadline"] == false);
  CHECK(j[2]["reached"].is_null());
  CHECK(j[2]["met_deadline"] == false);
  CHECK(j[2]["value_at_end"] == 25);
  CHECK(j[0]["deadline"] == "2026-02-16");
}

TEST_CASE("H100 equivalents: a GB200 NVL72 rack is 72 x 5 / 1.979", "[milestones][h100e]") {
  const gwsim::Sku& gb200 = gwsim::builtin_catalog().at(0);
  REQUIRE(gb200.name == "GB200_NVL72");
  CHECK(72 * gwsim::h100_equivalents_per_gpu(gb200) == Approx(181.91005558362809).epsilon(1e-15));
  for (const gwsim::Sku& k : gwsim::builtin_catalog())
    if (k.name == "H100_HGX") CHECK(gwsim::h100_equivalents_per_gpu(k) == 1.0);
  json d = base();
  d["milestones"] = {{{"name", "1000 H100e at a"}, {"metric", "h100e_in_service"}, {"threshold", 1000}, {"site", "a"}}};
  const gwsim::RunOutput out = run(d);
  const auto& col = out.timeseries.column(std::string(gwsim::columns::h100e_in_service.name));
  CHECK(col.back() == Approx(25 * 181.91005558362809).epsilon(1e-12));
  // 1000 / 181.91 = 5.5 -> the 6th rack at a, Feb 1 + 7 days
  CHECK(gwsim::Calendar("2026-01-01").format(*out.summary.milestones[0].reached) == "2026-02-08T00:00:00");
}

TEST_CASE("VR_NVL144 counts packages: 72 GPUs of 5 PF FP8, 4 per tray", "[milestones][h100e]") {
  for (const gwsim::Sku& k : gwsim::builtin_catalog())
    if (k.name == "VR_NVL144") {
      CHECK(k.gpus_per_rack == 72);
      CHECK(k.gpus_per_node == 4);
      CHECK(k.gpus_per_rack * k.fp8_pflops_per_gpu == 360);
      CHECK(k.gpus_per_rack * k.hbm_gb_per_gpu == 144 * 144);
    }
}

TEST_CASE("rule: a fraction of nothing ordered names the filters that match no order (docs/scenarios.md)",
          "[milestones][loader][rule]") {
  json d = base();
  d["orders"].erase(1);  // b has power but nothing ordered
  d["milestones"] = {{{"name", "x"}, {"metric", "gpus_in_service"}, {"fraction", 1.0}, {"site", "b"}}};
  try {
    gwsim::scenario_from_json(d, "m.json");
    FAIL("accepted");
  } catch (const gwsim::ScenarioError& e) {
    CHECK(e.code() == "scenario.reference");
    CHECK(e.pointer() == "/milestones/0/fraction");
    CHECK(e.detail() == "a fraction of nothing: no order matches the milestone's site, provider and SKU filters");
  }
  d["milestones"][0]["metric"] = "power_energized_mw";  // b plans power: a fraction of it is fine
  CHECK_NOTHROW(gwsim::scenario_from_json(d, "m.json"));
}

TEST_CASE("milestone input errors name the pointer", "[milestones][loader]") {
  auto code_of = [](const json& ms) {
    json d = base();
    d["milestones"] = ms;
    try {
      gwsim::scenario_from_json(d, "m.json");
    } catch (const gwsim::ScenarioError& e) {
      return e.code() + " " + e.pointer();
    }
    return std::string("accepted");
  };
  CHECK(code_of(json::array()) == "accepted");  // optional, and may be empty (docs/scenarios.md)
  CHECK(code_of({{{"name", "x"}, {"metric", "gpus"}, {"threshold", 1}}}) == "scenario.range /milestones/0/metric");
  CHECK(code_of({{{"name", "x"}, {"metric", "gpus_in_service"}}}) == "scenario.missing_key /milestones/0/threshold");
  CHECK(code_of({{{"name", "x"}, {"metric", "gpus_in_service"}, {"threshold", 1}, {"fraction", 0.5}}}) ==
        "scenario.unknown_key /milestones/0/fraction");
  CHECK(code_of({{{"name", "x"}, {"metric", "gpus_in_service"}, {"fraction", 1.5}}}) ==
        "scenario.range /milestones/0/fraction");
  CHECK(code_of({{{"name", "x"}, {"metric", "gpus_in_service"}, {"threshold", 1}, {"site", "zz"}}}) ==
        "scenario.reference /milestones/0/site");
  CHECK(code_of(
            {{{"name", "x"}, {"metric", "gpus_in_service"}, {"threshold", 1}, {"site", "a"}, {"provider", "Other"}}}) ==
        "scenario.reference /milestones/0/provider");
  CHECK(code_of({{{"name", "x"}, {"metric", "power_energized_mw"}, {"threshold", 1}, {"sku", "H100_HGX"}}}) ==
        "scenario.unknown_key /milestones/0/sku");
  CHECK(code_of({{{"name", "x"}, {"metric", "gpus_in_service"}, {"fraction", 0.5}, {"sku", "H100_HGX"}}}) ==
        "scenario.reference /milestones/0/fraction");
  CHECK(code_of({{{"name", "x"}, {"metric", "training_run"}, {"run", "nope"}}}) ==
        "scenario.reference /milestones/0/run");
  CHECK(code_of({{{"name", "x"}, {"metric", "training_run"}, {"run", "r"}, {"threshold", 1}}}) ==
        "scenario.unknown_key /milestones/0/threshold");
  CHECK(code_of({{{"name", "x"}, {"metric", "gpus_in_service"}, {"threshold", 1}, {"deadline", "2027-01-01"}}}) ==
        "scenario.horizon /milestones/0/deadline");
  CHECK(code_of({{{"name", "x"}, {"metric", "gpus_in_service"}, {"threshold", 1}, {"bogus", 1}}}) ==
        "scenario.unknown_key /milestones/0/bogus");
  CHECK(code_of({{{"name", "x"}, {"metric", "gpus_in_service"}, {"threshold", 1}},
                 {{"name", "x"}, {"metric", "gpus_in_service"}, {"threshold", 2}}}) ==
        "scenario.duplicate /milestones/1/name");
  CHECK(code_of({{{"name", "x"}, {"metric", "gpus_in_service"}, {"threshold", 1}}}) == "accepted");
}

TEST_CASE("rule: a fraction needs something ordered; deliveries of 0 racks order nothing (docs/scenarios.md)",
          "[milestones][loader][rule]") {
  json d = base();
  d["milestones"] = {{{"name", "half of b"}, {"metric", "racks_in_service"}, {"fraction", 0.5}, {"site", "b"}}};
  CHECK(gwsim::scenario_from_json(d, "m.json").milestones[0].threshold == 0.5);  // site b ordered 5 racks
  d["orders"][1]["deliveries"][0]["racks"] = 0;  // legal, but now site b orders nothing: half of nothing
  try {
    (void)gwsim::scenario_from_json(d, "m.json");
    FAIL("accepted");
  } catch (const gwsim::ScenarioError& e) {
    CHECK(e.code() == "scenario.reference");
    CHECK(e.pointer() == "/milestones/0/fraction");
  }
  d["orders"][1]["deliveries"][0]["racks"] = 1;  // one rack is something
  CHECK_NOTHROW(gwsim::scenario_from_json(d, "m.json"));
}

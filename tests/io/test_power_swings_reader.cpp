// The power-swing keys (docs/scenarios.md, "power_swings"; docs/power.md):
// read into Scenario::power_swings and Sku::rack_storage_peak_cut, each
// error at its pointer with its code.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;

namespace {

// The minimal scenario with one training run and power_swings `swings`.
json with_swings(const json& swings) {
  json d = minimal_scenario();
  d["workloads"] = json::parse(R"({"policy": "fifo",
    "training": [{"name": "T", "submit": "2026-03-01", "gpus": 72, "wall_hours": 10,
                   "checkpoint_hours": 1, "restart_hours": 0.1}]})");
  d["power_swings"] = swings;
  return d;
}

}  // namespace

TEST_CASE("power_swings reader: the keys and their defaults", "[io][power_swings]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(
      with_swings(
          {{"threshold_mw", 50}, {"ramp_limit_mw_per_min", 10}, {"ramp_window_minutes", 5}, {"min_run_gpus", 1000}}),
      "t.json");
  REQUIRE(s.power_swings.has_value());
  CHECK(s.power_swings->threshold_mw == 50);
  CHECK(s.power_swings->ramp_limit_mw_per_min == 10);
  CHECK(s.power_swings->ramp_window_minutes == 5);
  CHECK(s.power_swings->min_run_gpus == 1000);
  const gwsim::Scenario d = gwsim::scenario_from_json(with_swings({{"threshold_mw", 50}}), "t.json");
  CHECK(d.power_swings->ramp_limit_mw_per_min == 0);  // none
  CHECK(d.power_swings->ramp_window_minutes == 1);
  CHECK(d.power_swings->min_run_gpus == 0);
  json none = with_swings({{"threshold_mw", 50}});
  none.erase("power_swings");
  CHECK(!gwsim::scenario_from_json(none, "t.json").power_swings.has_value());
}

TEST_CASE("power_swings reader: errors at their pointers", "[io][power_swings]") {
  CHECK(error_code_at(with_swings(5)) == "scenario.type /power_swings");
  CHECK(error_code_at(with_swings({{"threshold_mw", 50}, {"ramp", 1}})) == "scenario.unknown_key /power_swings/ramp");
  CHECK(error_code_at(with_swings({{"ramp_limit_mw_per_min", 1}})) ==
        "scenario.missing_key /power_swings/threshold_mw");
  CHECK(error_code_at(with_swings({{"threshold_mw", 0}})) == "scenario.range /power_swings/threshold_mw");
  CHECK(error_code_at(with_swings({{"threshold_mw", "big"}})) == "scenario.type /power_swings/threshold_mw");
  CHECK(error_code_at(with_swings({{"threshold_mw", 50}, {"ramp_limit_mw_per_min", -1}})) ==
        "scenario.range /power_swings/ramp_limit_mw_per_min");
  CHECK(error_code_at(with_swings({{"threshold_mw", 50}, {"ramp_window_minutes", 0}})) ==
        "scenario.range /power_swings/ramp_window_minutes");
  CHECK(error_code_at(with_swings({{"threshold_mw", 50}, {"ramp_window_minutes", 1441}})) ==
        "scenario.range /power_swings/ramp_window_minutes");
  CHECK(error_code_at(with_swings({{"threshold_mw", 50}, {"min_run_gpus", 1.5}})) ==
        "scenario.type /power_swings/min_run_gpus");
  CHECK(error_code_at(with_swings({{"threshold_mw", 50}, {"min_run_gpus", -1}})) ==
        "scenario.range /power_swings/min_run_gpus");
  json no_jobs = with_swings({{"threshold_mw", 50}});
  no_jobs.erase("workloads");
  CHECK(error_code_at(no_jobs) == "scenario.reference /power_swings");
}

TEST_CASE("power_swings reader: a SKU's rack_storage_peak_cut in [0, 1)", "[io][power_swings]") {
  json d = minimal_scenario();
  json entry = nvl72_catalog_entry();
  entry["rack_storage_peak_cut"] = 0.3;
  d["catalog"] = {{"GB300_NVL72", entry}};
  d["orders"][0]["sku"] = "GB300_NVL72";
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  for (const gwsim::Sku& k : s.skus) CHECK(k.rack_storage_peak_cut == (k.name == "GB300_NVL72" ? 0.3 : 0.0));
  d["catalog"]["GB300_NVL72"]["rack_storage_peak_cut"] = 1;
  CHECK(error_code_at(d) == "scenario.range /catalog/GB300_NVL72/rack_storage_peak_cut");
  d["catalog"]["GB300_NVL72"]["rack_storage_peak_cut"] = -0.1;
  CHECK(error_code_at(d) == "scenario.range /catalog/GB300_NVL72/rack_storage_peak_cut");
  d["catalog"]["GB300_NVL72"]["rack_storage_peak_cut"] = "a lot";
  CHECK(error_code_at(d) == "scenario.type /catalog/GB300_NVL72/rack_storage_peak_cut");
}

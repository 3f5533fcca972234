// The keys of standbys and elastic runs (docs/scenarios.md, "Training runs";
// sim/io/workloads_reader.cpp) and their error paths.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"

using nlohmann::json;

namespace {

json with_run() {
  json d = gwsim::test::minimal_scenario();
  d["workloads"] = json::parse(R"({"policy": "fifo", "training": [{"name": "run", "submit": "2026-01-02",
      "gpus": 144, "wall_hours": 10, "checkpoint_hours": 1, "restart_hours": 0.25}]})");
  return d;
}

const gwsim::TrainingRun& run_of(const gwsim::Scenario& s) { return s.workloads->training[0]; }

}  // namespace

TEST_CASE("standby keys: off by default; standby_nodes, swap_minutes and elastic read", "[loader][standby]") {
  json d = with_run();
  {
    const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
    CHECK(run_of(s).standby_nodes == 0);
    CHECK_FALSE(run_of(s).elastic);
  }
  d["workloads"]["training"][0]["standby_nodes"] = 2;
  d["workloads"]["training"][0]["swap_minutes"] = 5;
  d["workloads"]["training"][0]["elastic"] = {{"min_fraction", 0.5}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  CHECK(run_of(s).standby_nodes == 2);
  CHECK(run_of(s).swap_minutes == 5);
  CHECK(run_of(s).elastic);
  CHECK(run_of(s).elastic_min_fraction == 0.5);
}

TEST_CASE("standby keys: errors", "[loader][standby]") {
  const json d = with_run();
  auto with = [&](const char* key, const json& v) {
    json e = d;
    e["workloads"]["training"][0][key] = v;
    return gwsim::test::error_code_at(e);
  };
  const std::string at = "/workloads/training/0/";
  CHECK(with("standby_nodes", -1) == "scenario.range " + at + "standby_nodes");
  CHECK(with("standby_nodes", 1.5) == "scenario.type " + at + "standby_nodes");
  CHECK(with("swap_minutes", 5) == "scenario.missing_key " + at + "standby_nodes");
  json e = d;
  e["workloads"]["training"][0]["standby_nodes"] = 1;
  e["workloads"]["training"][0]["swap_minutes"] = -1;
  CHECK(gwsim::test::error_code_at(e) == "scenario.range " + at + "swap_minutes");
  e["workloads"]["training"][0]["swap_minutes"] = "5";
  CHECK(gwsim::test::error_code_at(e) == "scenario.type " + at + "swap_minutes");
  CHECK(with("elastic", true) == "scenario.type " + at + "elastic");
  CHECK(with("elastic", json::object()) == "scenario.missing_key " + at + "elastic/min_fraction");
  CHECK(with("elastic", {{"min_fraction", 0}}) == "scenario.range " + at + "elastic/min_fraction");
  CHECK(with("elastic", {{"min_fraction", 1.5}}) == "scenario.range " + at + "elastic/min_fraction");
  CHECK(with("elastic", {{"min_fraction", 0.5}, {"grow", 1}}) == "scenario.unknown_key " + at + "elastic/grow");
}

// What the job system's tests share (tests/jobs/test_*.cpp): a small fleet,
// training runs, and a run of the buildout with its jobs.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "io/loader.hpp"
#include "jobs/jobs.hpp"
#include "model/buildout.hpp"

namespace gwsim::test {

// One site with `racks` racks of 8 GPUs (2 PF FP8 each) in service within
// seconds of the start; node failures every 800 GPU-hours when `failures`.
inline nlohmann::json fleet(int racks, bool failures) {
  nlohmann::json d = nlohmann::json::parse(R"({
    "gwsim_scenario": 1, "name": "jobs", "start": "2026-01-01", "end": "2026-03-31", "seed": 1,
    "catalog": {"EIGHT": {"gpus_per_rack": 8, "gpus_per_node": 8, "rack_power_kw": 10, "fp8_pflops_per_gpu": 2,
                          "bf16_pflops_per_gpu": 1, "hbm_gb_per_gpu": 80, "capex_usd_per_rack": 1,
                          "failure_classes": [{"name": "node", "mtbf_gpu_hours": 800, "blast": "node",
                                               "repair_hours": {"dist": "fixed", "value": 4}}]}},
    "sites": [{"name": "a", "provider": "X", "pue": 1.1, "max_rack_power_kw": 20,
               "buildings": [{"rack_slots": 100000, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 100000}],
               "install": {"crews": 100000, "racks_per_crew_per_week": 100000, "burn_in_hours": 0, "burn_in_fail_prob": 0},
               "repair": {"technicians": 100000, "spare_nodes": 100000, "spare_restock_days": 1}}],
    "orders": [{"sku": "EIGHT", "site": "a", "deliveries": [{"date": "2026-01-01", "racks": 1}]}]
  })");
  d["orders"][0]["deliveries"][0]["racks"] = racks;
  d["failures"] = {{"enabled", failures}};
  return d;
}

// A training run with 0.5 h checkpoints and 0.1 h restarts.
inline nlohmann::json training(const char* name, const char* submit, int gpus, double hours, int priority = 0) {
  return {{"name", name},        {"submit", submit},        {"gpus", gpus},
          {"wall_hours", hours}, {"checkpoint_hours", 0.5}, {"restart_hours", 0.1},
          {"priority", priority}};
}

struct Out {
  std::vector<JobRow> jobs;
  JobsSummary summary;
  Timeseries ts;
};

// Runs the scenario `doc` to its horizon with its jobs.
inline Out run(const nlohmann::json& doc, std::uint64_t seed = 1) {
  const Scenario s = scenario_from_json(doc, "t.json");
  Engine eng;
  Buildout fleet_model(eng, s, seed);
  JobSystem jobs(eng, s, fleet_model, seed);
  eng.run_until(fleet_model.horizon());
  jobs.finish();
  return Out{jobs.jobs(), jobs.summary(), fleet_model.timeseries()};
}

inline double wait_hours(const JobRow& j) { return to_hours(j.first_start - j.submit); }

}  // namespace gwsim::test

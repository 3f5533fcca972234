// What the loader's tests share (tests/io/test_loader.cpp, test_document.cpp, test_trace_csv.cpp).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "scenario/error.hpp"

namespace gwsim::test {

// One site, one order of 3 GB200 racks: the smallest valid scenario.
inline nlohmann::json minimal_scenario() {
  return nlohmann::json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31",
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.2, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 10, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 5}],
               "install": {"crews": 1, "racks_per_crew_per_week": 5, "burn_in_hours": 24, "burn_in_fail_prob": 0},
               "repair": {"technicians": 1, "spare_nodes": 4, "spare_restock_days": 7}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-02-01", "racks": 3}]}]
  })");
}

// A scratch directory, removed with everything in it at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() : path(std::filesystem::temp_directory_path() / ("gwsim-test-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return path / name;
  }
};

// "code pointer" of the error loading `doc` raises, or "none".
inline std::string error_code_at(const nlohmann::json& doc) {
  try {
    (void)gwsim::scenario_from_json(doc, "t.json");
  } catch (const gwsim::ScenarioError& e) {
    return e.code() + " " + e.pointer();
  }
  return "none";
}

// A GB200 NVL72 catalog entry (72 GPUs in nodes of 4, no failure class), for
// keys to be added to it.
inline nlohmann::json nvl72_catalog_entry() {
  return {{"gpus_per_rack", 72},        {"gpus_per_node", 4},
          {"rack_power_kw", 132},       {"fp8_pflops_per_gpu", 5},
          {"bf16_pflops_per_gpu", 2.5}, {"hbm_gb_per_gpu", 192},
          {"capex_usd_per_rack", 3e6},  {"failure_classes", nlohmann::json::array()}};
}

}  // namespace gwsim::test

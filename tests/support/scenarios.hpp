// Scenarios shared by several test files (tests/model, tests/io).
#pragma once

#include <nlohmann/json.hpp>

#include "io/loader.hpp"

namespace gwsim::test {

// One site, 80 GB200 racks in four monthly deliveries with lognormal slips,
// burn-in failures and a take-or-pay contract: six months, quick to run, and
// random enough that replications differ.
inline Scenario small_monte_carlo_scenario() {
  const nlohmann::json d = nlohmann::json::parse(R"({
    "gwsim_scenario": 1, "name": "mc", "start": "2026-01-01", "end": "2026-06-30", "seed": 4,
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.2, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 100, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 20}],
               "install": {"crews": 2, "racks_per_crew_per_week": 5, "burn_in_hours": 48, "burn_in_fail_prob": 0.05},
               "repair": {"technicians": 4, "spare_nodes": 40, "spare_restock_days": 5}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "schedule": {"from": "2026-01-15", "to": "2026-04-15", "every": "month", "racks": 20},
                "slip_days": {"dist": "lognormal", "median": 10, "sigma": 1}}],
    "contracts": [{"name": "c", "provider": "AWS", "total_usd": 1e9, "start": "2026-01-01", "term_years": 2,
                   "take_or_pay": true, "usd_per_gpu_hour": 2.5}]
  })");
  return scenario_from_json(d, "mc.json");
}

}  // namespace gwsim::test

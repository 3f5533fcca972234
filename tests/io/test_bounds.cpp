// Every bound of the scenario reference (docs/scenarios.md: the tables' "in [a, b]", "> 0", ">= 0",
// and "Limits"), checked at both ends: the bound itself is accepted when the interval is closed
// there and refused when open, a value just past it is refused with its code at its pointer.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"

using gwsim::test::TempDir;
using nlohmann::json;

namespace {

// The minimal scenario with one of everything that has a bound: a catalog SKU with a Weibull
// failure class, a lognormal slip, a contract, and workloads of each kind (a trace in `dir`).
json everything(const TempDir& dir) {
  json d = gwsim::test::minimal_scenario();
  dir.write("trace.csv", "submit_time,gpu_num,duration\n0,1,60\n");
  d["catalog"]["X"] = json::parse(R"({"gpus_per_rack": 8, "gpus_per_node": 1, "rack_power_kw": 10,
      "fp8_pflops_per_gpu": 1, "bf16_pflops_per_gpu": 1, "hbm_gb_per_gpu": 80, "capex_usd_per_rack": 1,
      "failure_classes": [{"name": "g", "mtbf_gpu_hours": 1000, "weibull_shape": 1, "blast": "gpu",
                           "repair_hours": {"dist": "fixed", "value": 3}}]})");
  d["orders"][0]["lead_time_days"] = 0;
  d["orders"][0]["slip_days"] = json::parse(R"({"dist": "lognormal", "median": 1, "sigma": 0.5})");
  d["contracts"] = json::parse(R"([{"provider": "AWS", "total_usd": 1e6, "start": "2026-01-01", "term_years": 1,
      "take_or_pay": true, "usd_per_gpu_hour": 2}])");
  d["workloads"] = json::parse(R"({"policy": "fair_share", "fair_share_half_life_days": 7,
      "training": [{"name": "T", "submit": "2026-03-01", "gpus": 72, "wall_hours": 10, "checkpoint_hours": 1,
                    "checkpoint_cost_hours": 0.1, "restart_hours": 0.2, "priority": 0}],
      "streams": [{"name": "S", "start": "2026-03-01", "end": "2026-04-01", "arrivals_per_hour": 1, "priority": 0,
                   "gpus": {"dist": "fixed", "value": 1}, "duration_hours": {"dist": "fixed", "value": 1},
                   "max_gpus": 8, "max_jobs": 100, "checkpoint_hours": 1}],
      "traces": [{"name": "tr", "file": "trace.csv", "start": "2026-03-01", "gpu_scale": 1, "time_scale": 1,
                  "priority": 0, "checkpoint_hours": 1}],
      "cpu_pool": {"name": "cpu", "vcpus": [{"date": "2026-03-01", "vcpus": 64}]},
      "inference": {"name": "inf", "preempt": false, "demand": [{"date": "2026-03-01", "gpus": 8}]}})");
  return d;
}

// "code pointer" of the first error, or "none".
std::string error_of(const json& d, const TempDir& dir) {
  try {
    (void)gwsim::scenario_from_json(d, (dir.path / "t.json").string());
  } catch (const gwsim::ScenarioError& e) {
    return e.code() + " " + e.pointer();
  }
  return "none";
}

struct Bound {
  const char* at;
  double lo;
  bool lo_open;
  double hi;
  bool integer;
  const char* code = "scenario.range";  // above `hi`; below `lo` it is always scenario.range
};

// The closest value outside the bound `x`, downwards (dir -1) or upwards (+1): 1 for an integer,
// a millionth of it (at least 1e-9) for a number.
double past(double x, int dir, bool integer) { return x + dir * (integer ? 1.0 : std::max(1e-9, std::abs(x) * 1e-6)); }

}  // namespace

TEST_CASE("rule: every bound of the scenario reference holds at the bound and not past it (docs/scenarios.md)",
          "[loader][bounds][rule]") {
  const std::vector<Bound> bounds{
      // sites
      {"/sites/0/pue", 1.0, false, 3.0, false},
      {"/sites/0/buildings/0/rack_slots", 0, false, 10'000'000, true, "scenario.limit"},
      {"/sites/0/install/crews", 1, false, 1'000'000, true, "scenario.limit"},
      {"/sites/0/install/racks_per_crew_per_week", 0, true, 1e5, false},
      {"/sites/0/install/burn_in_hours", 0, false, 1e5, false},
      {"/sites/0/repair/technicians", 1, false, 1'000'000, true, "scenario.limit"},
      {"/sites/0/repair/spare_nodes", 0, false, 1'000'000, true, "scenario.limit"},
      {"/sites/0/repair/spare_restock_days", 0, true, 3650, false},
      {"/sites/0/power_stages/0/power_mw", 0, true, 1e6, false},
      // catalog, orders, contracts
      {"/catalog/X/gpus_per_rack", 1, false, 100'000, true, "scenario.limit"},
      {"/catalog/X/failure_classes/0/weibull_shape", 0, true, 100, false},
      {"/orders/0/deliveries/0/racks", 0, false, 10'000'000, true, "scenario.limit"},
      {"/orders/0/lead_time_days", 0, false, 3650, false},
      {"/orders/0/slip_days/sigma", 0, false, 10, false},
      {"/contracts/0/term_years", 0, true, 100, false},
      // workloads
      {"/workloads/fair_share_half_life_days", 0, true, 36500, false},
      {"/workloads/streams/0/priority", -1'000'000, false, 1'000'000, true},
      {"/workloads/streams/0/arrivals_per_hour", 0, true, 1e7, false},
      {"/workloads/streams/0/max_gpus", 1, false, 100'000'000, true},
      {"/workloads/streams/0/max_jobs", 1, false, 30'000'000, true, "scenario.limit"},
      {"/workloads/streams/0/checkpoint_hours", 0, true, 1e5, false},
      {"/workloads/training/0/gpus", 1, false, 100'000'000, true, "scenario.limit"},
      {"/workloads/training/0/wall_hours", 0, true, 1e6, false},
      {"/workloads/training/0/checkpoint_hours", 0, true, 1e5, false},
      {"/workloads/training/0/checkpoint_cost_hours", 0, false, 1e5, false},
      {"/workloads/training/0/restart_hours", 0, false, 1e5, false},
      {"/workloads/training/0/priority", -1'000'000, false, 1'000'000, true},
      {"/workloads/traces/0/gpu_scale", 0, true, 1e6, false},
      {"/workloads/traces/0/time_scale", 0, true, 1e6, false},
      {"/workloads/traces/0/priority", -1'000'000, false, 1'000'000, true},
      {"/workloads/traces/0/checkpoint_hours", 0, true, 1e5, false},
      {"/workloads/cpu_pool/vcpus/0/vcpus", 0, false, 1e12, true, "scenario.limit"},
      {"/workloads/inference/demand/0/gpus", 0, false, 1e9, true, "scenario.limit"},
  };
  TempDir dir;
  const json base = everything(dir);
  REQUIRE(error_of(base, dir) == "none");
  auto with = [&](const json::json_pointer& p, double v, bool integer) {
    json d = base;
    if (integer) d[p] = static_cast<std::int64_t>(v);
    else d[p] = v;
    return error_of(d, dir);
  };
  for (const Bound& b : bounds) {
    INFO(b.at);
    const json::json_pointer p(b.at);
    const std::string below = std::string("scenario.range ") + b.at, above = std::string(b.code) + " " + b.at;
    CHECK(with(p, b.lo, b.integer) == (b.lo_open ? below : "none"));
    CHECK(with(p, past(b.lo, -1, b.integer), b.integer) == below);
    if (b.lo_open) CHECK(with(p, past(b.lo, +1, b.integer), b.integer) == "none");
    CHECK(with(p, b.hi, b.integer) == "none");
    CHECK(with(p, past(b.hi, +1, b.integer), b.integer) == above);
  }
}

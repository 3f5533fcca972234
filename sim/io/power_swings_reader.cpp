// The power-swing keys of a scenario (docs/power.md, "Power swings of
// training runs"): the top-level power_swings section and a SKU's
// rack_storage_peak_cut.
#include "io/scenario_reader.hpp"

namespace gwsim::detail {

void ScenarioReader::power_swings(const Ptr& root) {
  const json* j = Reader::optional(doc_, "power_swings");
  if (j == nullptr) return;
  const Ptr p = root / "power_swings";
  r_.object(*j, p, {"threshold_mw", "ramp_limit_mw_per_min", "ramp_window_minutes", "min_run_gpus"});
  PowerSwings w;
  w.threshold_mw = r_.number(*j, p, "threshold_mw", kPositive);
  if (const json* l = Reader::optional(*j, "ramp_limit_mw_per_min"))
    w.ramp_limit_mw_per_min = r_.number(*l, p / "ramp_limit_mw_per_min", kNonNegative);
  if (const json* m = Reader::optional(*j, "ramp_window_minutes"))
    w.ramp_window_minutes = r_.number(*m, p / "ramp_window_minutes", Range{0.0, 1440.0, true, false});
  if (const json* g = Reader::optional(*j, "min_run_gpus"))
    w.min_run_gpus = r_.integer(*g, p / "min_run_gpus", 0, 1'000'000'000'000);
  if (Reader::optional(doc_, "workloads") == nullptr)
    r_.fail("scenario.reference", p,
            "power_swings are the steps of running jobs: the scenario needs a 'workloads' section");
  s_.power_swings = w;
}

void ScenarioReader::sku_power_swings(const json& j, const Ptr& p, Sku& k) {
  if (const json* c = Reader::optional(j, "rack_storage_peak_cut"))
    k.rack_storage_peak_cut = r_.number(*c, p / "rack_storage_peak_cut", Range{0.0, 1.0, false, true});
}

}  // namespace gwsim::detail

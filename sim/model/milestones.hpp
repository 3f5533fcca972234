// gwsim/sim/model/milestones.hpp -- the scenario's milestones (docs/scenarios.md,
// "Milestones"): the first instant each one's metric reaches its threshold.
//
// Incremental: it is told of each change of the quantities it follows, never
// scans racks. GPUs up per (site, SKU) come as a CapacityListener (the same
// calls the job system gets), racks entering service and power energized
// through Buildout's seams, a training run finishing from the job system
// (through Buildout::training_run_finished). Each unreached milestone keeps,
// per SKU (per site for power), the integer amount its filters keep, so its
// value is an exact function of those counts.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine.hpp"
#include "model/capacity.hpp"
#include "model/summary.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

// The metrics by name (the time-series column each follows, model/columns.hpp;
// "training_run"), and each one's unit.
struct MilestoneMetricName {
  std::string_view name;
  MilestoneMetric metric;
  std::string_view unit;
};
std::span<const MilestoneMetricName> milestone_metrics();
std::string_view metric_name(MilestoneMetric m);
std::string_view metric_unit(MilestoneMetric m);

class Milestones final : public CapacityListener {
 public:
  Milestones(const Engine& eng, const Scenario& s);

  // Whether the model must tell it of GPUs up and down, racks, power.
  bool follows_gpus() const { return follows_gpus_; }
  bool follows_racks() const { return follows_racks_; }
  bool follows_power() const { return follows_power_; }
  bool follows_largest_run() const { return !largest_active_.empty(); }

  void gpus_up(std::uint32_t site, std::uint32_t sku, std::uint32_t /*rack*/, std::int64_t gpus) override {
    gpus_changed(site, sku, gpus);
  }
  void gpus_down(std::uint32_t site, std::uint32_t sku, std::uint32_t /*rack*/, std::int64_t gpus) override {
    gpus_changed(site, sku, -gpus);
  }
  // A rack of `sku` at `site` entered service.
  void rack_in_service(std::uint32_t site, std::uint32_t sku);
  // Site `site` has `energized_uw` of facility power energized (after a stage).
  void energized(std::uint32_t site, std::int64_t energized_uw);
  // The largest run that could start within one fabric domain of `site` is
  // now `gpus` GPUs (model/fabric.hpp); the metric is the maximum over the
  // sites kept.
  void largest_run(std::uint32_t site, std::int64_t gpus);
  // Training run `run` (index into Workloads::training) finished.
  void training_run_finished(std::uint32_t run);

  // One per Scenario::milestones, in order.
  std::vector<MilestoneOutcome> outcomes() const;

 private:
  struct State {
    std::size_t index = 0;           // into Scenario::milestones
    std::vector<char> site_kept;     // per site
    std::vector<double> weight;      // per SKU: the metric per GPU (per rack for racks); 0 if filtered out
    std::vector<std::int64_t> held;  // per SKU: GPUs (racks) up; per site for power, in microwatts
                                     // (largest_run_gpus: per site, its largest run; the value is their max)
    bool max = false;                // largest_run_gpus
    double target = 0;               // in the metric's unit (microwatts for power)
    std::optional<Tick> reached;
  };

  void gpus_changed(std::uint32_t site, std::uint32_t sku, std::int64_t gpus);
  void change(std::vector<std::size_t>& active, std::uint32_t site, std::size_t slot, std::int64_t delta);
  static double value(const State& st);
  static bool integral(MilestoneMetric m);
  State make_state(std::size_t i) const;
  double ordered(const State& st, const Milestone& m) const;

  const Engine& eng_;
  const Scenario& s_;
  std::vector<State> states_;
  std::vector<std::size_t> gpu_active_, rack_active_, power_active_;  // unreached, by what they follow
  std::vector<std::size_t> largest_active_;
  std::vector<std::int64_t> site_energized_uw_;
  bool follows_gpus_ = false, follows_racks_ = false, follows_power_ = false;
};

}  // namespace gwsim

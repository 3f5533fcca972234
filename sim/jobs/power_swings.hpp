// gwsim/sim/jobs/power_swings.hpp -- the power swings of large runs
// (docs/power.md, "Power swings of training runs").
//
// When a tracked run (a GPU job of at least PowerSwings::min_run_gpus GPUs)
// starts, stops (ends, is interrupted), pauses to write a checkpoint or
// resumes, the IT power of each site where it holds GPUs steps by its GPUs
// there x each GPU's IT power (its SKU's rack_power_kw / gpus_per_rack); a
// checkpoint write drops them to kIdleShare of that power, then back. Steps
// at one site at one instant net out. Per site the recorder keeps, raw and
// smoothed (the rack storage of each SKU cuts each run's steps by
// Sku::rack_storage_peak_cut; then the site battery absorbs up to its MW of
// each net step), the largest step, the steepest ramp (the largest absolute
// net change of the steps within any window of ramp_window_minutes, divided
// by it), the steps of at least threshold_mw and the windows (ending at a
// step) whose ramp exceeds ramp_limit_mw_per_min. Power is in integer
// microwatts, so a run's stop cancels its start exactly.
//
// The job system (jobs/jobs.cpp) calls it; it keeps a run's state only while
// the run is running, and the steps within one window per site: O(1)
// amortized per step, O(sites) per GPU job started (plus its racks held).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/engine.hpp"
#include "core/time.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

// The swing figures of one site (or the fleet), raw or smoothed.
struct SwingFigures {
  double largest_step_mw = 0;           // the largest absolute net step
  double steepest_ramp_mw_per_min = 0;  // the largest absolute net change within a window, per minute
  std::uint64_t steps_above_threshold = 0;
  std::uint64_t ramp_limit_exceeded_windows = 0;  // windows ending at a step whose ramp exceeds the limit
};

struct SitePowerSwings {
  std::string site;         // the site's name ("fleet" for the fleet)
  std::uint64_t steps = 0;  // net steps (non-zero), raw
  SwingFigures raw, smoothed;
};

// PowerSwings' figures at the end of a run: per site (in the scenario's
// order) and for the fleet (the largest of the sites' steps and ramps, the
// counts summed: swings are a site's, seen by its utility).
struct PowerSwingsSummary {
  double threshold_mw = 0, ramp_limit_mw_per_min = 0, ramp_window_minutes = 1;
  std::int64_t min_run_gpus = 0;
  double idle_share = 0;  // kIdleShare
  std::vector<SitePowerSwings> sites;
  SitePowerSwings fleet;
};

namespace detail {

struct JobRun;
class JobTable;
class RackPool;

// The share of its power a GPU draws while its run writes a checkpoint (assumed; docs/power.md).
inline constexpr double kIdleShare = 0.3;

// The swing figures of one sequence of net steps, in time order.
class SwingTracker {
 public:
  SwingTracker(Tick window, double window_minutes, std::int64_t threshold_uw, double ramp_limit_mw_per_min)
      : window_(window), window_minutes_(window_minutes), threshold_uw_(threshold_uw), limit_(ramp_limit_mw_per_min) {}
  // A net step of `uw` microwatts at `t` (not before the last); 0 is no step.
  void step(Tick t, std::int64_t uw);
  SwingFigures figures() const;
  std::uint64_t steps() const { return steps_; }

 private:
  Tick window_;
  double window_minutes_;
  std::int64_t threshold_uw_;
  double limit_;
  std::int64_t level_ = 0;  // the sum of the steps so far
  // (time of a step, level before it) within the window: increasing levels in lo_, decreasing in hi_
  std::deque<std::pair<Tick, std::int64_t>> lo_, hi_;
  std::int64_t largest_ = 0, steepest_ = 0;
  std::uint64_t steps_ = 0, above_ = 0, exceeded_ = 0;
};

class PowerSwingRecorder {
 public:
  // Reads the runs' state from `table` and their racks from `racks`; s.power_swings must be set.
  PowerSwingRecorder(Engine& eng, const Scenario& s, const JobTable& table, const RackPool& racks);
  PowerSwingRecorder(const PowerSwingRecorder&) = delete;
  PowerSwingRecorder& operator=(const PowerSwingRecorder&) = delete;

  // Pool rack `pool_rack` (jobs/rack_pool.hpp) holds GPUs of SKU `sku`.
  void rack_sku(std::uint32_t pool_rack, std::uint32_t sku);
  // GPU job `id` of `gpus` working GPUs started now on `run.held` (tracked if large enough).
  void started(std::uint64_t id, std::int64_t gpus, const JobRun& run);
  // Job `id` gives its GPUs back now (it ended or was interrupted).
  void stopped(std::uint64_t id);
  // The books close: the last steps count.
  void finish();
  PowerSwingsSummary summary() const;

 private:
  struct Part {
    std::uint32_t site;
    std::int64_t raw_uw, cut_uw;              // at full power; cut_uw: after rack storage
    std::int64_t pause_raw_uw, pause_cut_uw;  // the step of a checkpoint write
  };
  struct Run {
    std::vector<Part> parts;
    Tick segment = 0;  // the start of the segment its pauses are planned from (JobRun::started)
    int next = 1;      // the checkpoint written next (1: the segment's first)
    bool paused = false;
    EventId event;
  };
  struct SiteSteps {
    Tick t = 0;  // the instant of the pending step
    std::int64_t raw_uw = 0, cut_uw = 0;
    bool pending = false;
    std::int64_t battery_uw = 0;
    SwingTracker raw, smoothed;
  };

  void checkpoint(std::uint64_t payload);  // event: payload = 2 id + (0: a write begins, 1: it ends)
  // Schedules run `id`'s next checkpoint write from `r.next` on, if one comes before its end.
  void plan(std::uint64_t id, Run& r);
  // Run `r`'s power steps by `sign` x its full power (paused: false) or its checkpoint step (true).
  void add(const Run& r, int sign, bool pause_step);
  void flush(SiteSteps& s);

  Engine& eng_;
  const Scenario& s_;
  const JobTable& table_;
  const RackPool& racks_;
  PowerSwings cfg_;
  std::vector<std::uint32_t> rack_sku_;  // by pool rack
  std::unordered_map<std::uint64_t, Run> runs_;
  std::vector<SiteSteps> sites_;
  std::vector<std::pair<std::uint64_t, std::int64_t>> scratch_;  // (site << 32 | sku, GPUs)
  MemberHandler<PowerSwingRecorder, &PowerSwingRecorder::checkpoint> on_checkpoint_;
};

}  // namespace detail
}  // namespace gwsim

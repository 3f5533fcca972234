#include "jobs/power_swings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "jobs/job_table.hpp"
#include "jobs/rack_pool.hpp"

namespace gwsim::detail {

namespace {

constexpr double kUwPerMw = 1e12;
std::int64_t uw_of_mw(double mw) { return std::llround(mw * kUwPerMw); }
double mw_of_uw(std::int64_t uw) { return static_cast<double>(uw) / kUwPerMw; }

}  // namespace

// ------------------------------------------------------------ one sequence of steps

// The steps within one window are a contiguous run of the sequence, i..j with
// t_j - t_i < window; their net change is level_j - level_{i-1}. The largest
// absolute one ending at step j is level_j less the least (or the greatest
// less level_j) of the levels before the steps in its window: a sliding
// window minimum (maximum) over monotonic deques, O(1) amortized per step.
void SwingTracker::step(Tick t, std::int64_t uw) {
  if (uw == 0) return;
  while (!lo_.empty() && lo_.back().second >= level_) lo_.pop_back();
  lo_.emplace_back(t, level_);
  while (!hi_.empty() && hi_.back().second <= level_) hi_.pop_back();
  hi_.emplace_back(t, level_);
  while (t - lo_.front().first >= window_) lo_.pop_front();  // the entry just pushed always stays
  while (t - hi_.front().first >= window_) hi_.pop_front();
  level_ += uw;
  const std::int64_t size = std::abs(uw);
  const std::int64_t ramp = std::max(level_ - lo_.front().second, hi_.front().second - level_);
  ++steps_;
  largest_ = std::max(largest_, size);
  steepest_ = std::max(steepest_, ramp);
  if (size >= threshold_uw_) ++above_;
  if (limit_ > 0 && mw_of_uw(ramp) / window_minutes_ > limit_) ++exceeded_;
}

SwingFigures SwingTracker::figures() const {
  return SwingFigures{mw_of_uw(largest_), mw_of_uw(steepest_) / window_minutes_, above_, exceeded_};
}

// ------------------------------------------------------------ the recorder

PowerSwingRecorder::PowerSwingRecorder(Engine& eng, const Scenario& s, const JobTable& table, const RackPool& racks)
    : eng_(eng), s_(s), table_(table), racks_(racks), cfg_(*s.power_swings), on_checkpoint_(*this, eng) {
  const Tick window = std::max<Tick>(1, std::llround(cfg_.ramp_window_minutes * kTicksPerMinute));
  const std::int64_t threshold = uw_of_mw(cfg_.threshold_mw);
  for (const Site& site : s.sites) {
    const SwingTracker tracker(window, cfg_.ramp_window_minutes, threshold, cfg_.ramp_limit_mw_per_min);
    sites_.push_back(SiteSteps{0, 0, 0, false, site.battery ? uw_of_mw(site.battery->power_mw) : 0, tracker, tracker});
  }
}

void PowerSwingRecorder::rack_sku(std::uint32_t pool_rack, std::uint32_t sku) {
  if (rack_sku_.size() <= pool_rack) rack_sku_.resize(pool_rack + 1, 0);
  rack_sku_[pool_rack] = sku;
}

void PowerSwingRecorder::started(std::uint64_t id, std::int64_t gpus, const JobRun& run) {
  if (gpus < cfg_.min_run_gpus || run.held.empty()) return;
  scratch_.clear();  // GPUs by (site, SKU): a few entries
  for (const GpuSeg& seg : run.held) {
    const std::uint64_t key = (std::uint64_t{racks_.rack_site(seg.rack)} << 32) | rack_sku_[seg.rack];
    auto it = std::find_if(scratch_.begin(), scratch_.end(), [&](const auto& e) { return e.first == key; });
    if (it == scratch_.end()) scratch_.emplace_back(key, seg.count);
    else it->second += seg.count;
  }
  Run& r = runs_[id];
  r.parts.clear();
  for (const auto& [key, n] : scratch_) {
    const Sku& k = s_.skus[key & 0xffffffffu];
    // n x rack_power_kw / gpus_per_rack kW, in that order (72,000 x 132 / 72 is exact)
    const double uw = static_cast<double>(n) * k.rack_power_kw * 1e9 / static_cast<double>(k.gpus_per_rack);
    const std::int64_t raw = std::llround(uw);
    const std::int64_t cut = std::llround(uw * (1.0 - k.rack_storage_peak_cut));
    r.parts.push_back(Part{static_cast<std::uint32_t>(key >> 32), raw, cut,
                           std::llround(static_cast<double>(raw) * (1.0 - kIdleShare)),
                           std::llround(static_cast<double>(cut) * (1.0 - kIdleShare))});
  }
  r.paused = false;
  r.next = 1;
  add(r, +1, false);
  plan(id, r);
}

void PowerSwingRecorder::stopped(std::uint64_t id) {
  const auto it = runs_.find(id);
  if (it == runs_.end()) return;
  Run& r = it->second;
  eng_.cancel(r.event);
  if (r.paused) add(r, +1, true);  // nets out with the stop below: the stop is of its idle power
  add(r, -1, false);
  runs_.erase(it);
}

void PowerSwingRecorder::plan(std::uint64_t id, Run& r) {
  const JobRun& run = table_.run(id);
  r.segment = run.started;
  const double tau = run.checkpoint_hours, c = run.checkpoint_cost_hours;
  if (tau <= 0 || c <= 0) return;
  // the segment's k-th write begins after its restart and k pieces of tau work with k - 1 writes (docs/jobs.md)
  const double writes = run.checkpoints_in(run.todo());
  for (; r.next <= writes; ++r.next) {
    const Tick at = r.segment + ticks_from_hours(run.restart_cost_hours + static_cast<double>(r.next) * (tau + c) - c);
    if (at >= eng_.now()) {
      r.event = eng_.schedule_at(at, on_checkpoint_.id(), 2 * id);
      return;
    }
  }
}

void PowerSwingRecorder::checkpoint(std::uint64_t payload) {
  const std::uint64_t id = payload / 2;
  Run& r = runs_.at(id);  // its events are cancelled when it stops
  r.event = EventId{};
  const JobRun& run = table_.run(id);
  if (run.started != r.segment) {  // restarted since (a swap or a resize, jobs/standby.hpp): plan anew
    if (r.paused) add(r, +1, true);
    r.paused = false;
    r.next = 1;
    plan(id, r);
    return;
  }
  if (payload % 2 == 0) {  // a write begins: its GPUs drop to idle
    add(r, -1, true);
    r.paused = true;
    r.event =
        eng_.schedule_at(eng_.now() + ticks_from_hours(run.checkpoint_cost_hours), on_checkpoint_.id(), payload + 1);
    return;
  }
  add(r, +1, true);
  r.paused = false;
  ++r.next;
  plan(id, r);
}

void PowerSwingRecorder::add(const Run& r, int sign, bool pause_step) {
  const Tick now = eng_.now();
  for (const Part& p : r.parts) {
    SiteSteps& s = sites_[p.site];
    if (s.pending && s.t != now) flush(s);
    s.t = now;
    s.pending = true;
    s.raw_uw += sign * (pause_step ? p.pause_raw_uw : p.raw_uw);
    s.cut_uw += sign * (pause_step ? p.pause_cut_uw : p.cut_uw);
  }
}

// The net step of the instant: raw, and smoothed (rack storage, then the battery absorbs up to its MW).
void PowerSwingRecorder::flush(SiteSteps& s) {
  s.raw.step(s.t, s.raw_uw);
  const std::int64_t left = std::max<std::int64_t>(0, std::abs(s.cut_uw) - s.battery_uw);
  s.smoothed.step(s.t, s.cut_uw < 0 ? -left : left);
  s.raw_uw = s.cut_uw = 0;
  s.pending = false;
}

void PowerSwingRecorder::finish() {
  for (SiteSteps& s : sites_)
    if (s.pending) flush(s);
}

PowerSwingsSummary PowerSwingRecorder::summary() const {
  PowerSwingsSummary out;
  out.threshold_mw = cfg_.threshold_mw;
  out.ramp_limit_mw_per_min = cfg_.ramp_limit_mw_per_min;
  out.ramp_window_minutes = cfg_.ramp_window_minutes;
  out.min_run_gpus = cfg_.min_run_gpus;
  out.idle_share = kIdleShare;
  out.fleet.site = "fleet";
  auto merge = [](SwingFigures& into, const SwingFigures& f) {
    into.largest_step_mw = std::max(into.largest_step_mw, f.largest_step_mw);
    into.steepest_ramp_mw_per_min = std::max(into.steepest_ramp_mw_per_min, f.steepest_ramp_mw_per_min);
    into.steps_above_threshold += f.steps_above_threshold;
    into.ramp_limit_exceeded_windows += f.ramp_limit_exceeded_windows;
  };
  for (std::size_t i = 0; i < sites_.size(); ++i) {
    const SiteSteps& s = sites_[i];
    SitePowerSwings site{s_.sites[i].name, s.raw.steps(), s.raw.figures(), s.smoothed.figures()};
    out.fleet.steps += site.steps;
    merge(out.fleet.raw, site.raw);
    merge(out.fleet.smoothed, site.smoothed);
    out.sites.push_back(std::move(site));
  }
  return out;
}

}  // namespace gwsim::detail

#include "jobs/standby.hpp"

#include <algorithm>

namespace gwsim::detail {

void Standbys::started(std::uint64_t id) {
  StandbyRun* s = table_.standby(id);
  if (s == nullptr) return;
  const JobRun& run = table_.run(id);
  s->spare_gpus = s->standby_gpus;
  s->spare_since = eng_.now();
  s->spares.clear();
  std::int64_t left = s->standby_gpus;
  for (auto seg = run.held.rbegin(); seg != run.held.rend() && left > 0; ++seg)
    for (std::uint32_t g = seg->first + seg->count; g-- > seg->first && left > 0; --left)
      s->spares.emplace_back(seg->rack, g);
}

void Standbys::stopped(std::uint64_t id) {
  StandbyRun* s = table_.standby(id);
  if (s == nullptr) return;
  JobRun& run = table_.run(id);
  s->spare_gpus = 0;
  s->spares.clear();
  run.working_gpus = run.full_gpus;
  if (s->short_listed)
    for (const JobRun::Part& p : run.parts) short_[p.site].erase(id);
  s->short_listed = false;
}

Absorbed Standbys::absorb(std::uint64_t id, std::uint32_t site, std::uint32_t lost,
                          const std::vector<std::pair<std::uint32_t, std::uint32_t>>& failed) {
  StandbyRun* s = table_.standby(id);
  if (s == nullptr) return Absorbed::no;
  JobRun& run = table_.run(id);
  std::int64_t lost_spares = 0;
  for (const auto& g : failed) {
    const auto it = std::find(s->spares.begin(), s->spares.end(), g);
    if (it == s->spares.end()) continue;
    s->spares.erase(it);
    ++lost_spares;
  }
  const std::int64_t lost_working = static_cast<std::int64_t>(lost) - lost_spares;
  const auto on_hand = static_cast<std::int64_t>(s->spares.size());
  const std::int64_t swapped = std::min(lost_working, on_hand);
  const std::int64_t working = run.working_gpus - (lost_working - swapped);
  if (working < run.working_gpus && !(s->elastic && working >= s->min_working_gpus)) {
    s->spares.resize(static_cast<std::size_t>(on_hand));
    return Absorbed::no;  // interrupted: its books close there
  }
  const Tick now = eng_.now();
  table_.account_standby(id, now);
  s->spares.resize(static_cast<std::size_t>(on_hand - swapped));
  s->spare_gpus = static_cast<std::int64_t>(s->spares.size());
  Absorbed out = Absorbed::standby;
  if (lost_working > 0) {
    const bool shrink = working < run.working_gpus;
    table_.account_restart(id, now, shrink ? run.restart_hours : s->swap_hours);
    run.working_gpus = working;
    ++table_.row(id).interruptions;
    if (swapped > 0) ++s->swaps;
    out = shrink ? Absorbed::shrunk : Absorbed::swapped;
  }
  const Tick end = out == Absorbed::standby ? run.expected_end : now + ticks_from_hours(run.segment_hours());
  rehold(id, site, -static_cast<std::int64_t>(lost), end);
  relist(id);
  return out;
}

void Standbys::refill(std::uint32_t site) {
  if (short_[site].empty()) return;
  scratch_.assign(short_[site].begin(), short_[site].end());
  const Tick now = eng_.now();
  for (const std::uint64_t id : scratch_) {
    JobRun& run = table_.run(id);
    StandbyRun& s = *table_.standby(id);  // only runs with standbys or elastic are listed
    const std::int64_t grow = run.full_gpus - run.working_gpus;
    if (grow > 0 && sites_[site].free() >= grow) {
      // an elastic run grows back at once, restarting from its last checkpoint
      table_.account_restart(id, now, run.restart_hours);
      run.working_gpus = run.full_gpus;
      take(id, site, grow, /*spare=*/false);
      rehold(id, site, grow, now + ticks_from_hours(run.segment_hours()));
    }
    const std::int64_t spare = std::min(s.standby_gpus - s.spare_gpus, sites_[site].free());
    if (spare > 0) {
      table_.account_standby(id, now);
      take(id, site, spare, /*spare=*/true);
      s.spare_gpus += spare;
      rehold(id, site, spare, run.expected_end);
    }
    relist(id);
  }
}

void Standbys::take(std::uint64_t id, std::uint32_t site, std::int64_t gpus, bool spare) {
  JobRun& run = table_.run(id);
  taken_.clear();  // apart: take() may extend the last segment of `held`
  sites_.take_more(site, id, gpus, taken_);
  run.held.insert(run.held.end(), taken_.begin(), taken_.end());
  if (!spare) return;
  StandbyRun& s = *table_.standby(id);
  for (const GpuSeg& seg : taken_)
    for (std::uint32_t g = seg.first; g < seg.first + seg.count; ++g) s.spares.emplace_back(seg.rack, g);
}

void Standbys::rehold(std::uint64_t id, std::uint32_t site, std::int64_t gpus, Tick end) {
  JobRun& run = table_.run(id);
  if (end != run.expected_end) {
    eng_.cancel(run.end_event);
    run.end_event = eng_.schedule_at(end, on_end_, id);
  }
  for (JobRun::Part& p : run.parts) {
    const std::int64_t units = p.units + (p.site == site ? gpus : 0);
    p.slot = sites_.rehold(p.site, id, p.units, run.expected_end, p.slot, units, end);
    p.units = units;
  }
  run.expected_end = end;
}

void Standbys::relist(std::uint64_t id) {
  const JobRun& run = table_.run(id);
  StandbyRun& s = *table_.standby(id);
  const bool short_now = s.spare_gpus < s.standby_gpus || run.working_gpus < run.full_gpus;
  if (short_now == s.short_listed) return;
  for (const JobRun::Part& p : run.parts) {
    if (short_now) short_[p.site].insert(id);
    else short_[p.site].erase(id);
  }
  s.short_listed = short_now;
}

}  // namespace gwsim::detail

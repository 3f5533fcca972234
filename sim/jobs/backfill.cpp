#include "jobs/backfill.hpp"

#include <algorithm>
#include <iterator>

namespace gwsim::detail {

// k-way walk over the group's ends (groups are a site or a few sites): the
// cursor whose next end is the earliest (the first on a tie), or size() when all are done.
std::size_t Backfill::earliest_cursor() const {
  std::size_t best = cursors_.size();
  for (std::size_t c = 0; c < cursors_.size(); ++c)
    if (cursors_[c].first != cursors_[c].second &&
        (best == cursors_.size() || std::get<0>(*cursors_[c].first) < std::get<0>(*cursors_[best].first)))
      best = c;
  return best;
}

bool Backfill::try_group(const std::vector<const Capacity*>& group, std::int64_t need) {
  std::int64_t free = 0, total = 0;
  for (const Capacity* c : group) {
    free += c->free();
    total += c->up;
  }
  if (total < need) return false;  // cannot fit here even when empty
  cursors_.clear();
  for (const Capacity* c : group) cursors_.emplace_back(c->ends.begin(), c->ends.end());
  for (;;) {
    const std::size_t best = earliest_cursor();
    if (best == cursors_.size()) return false;
    const auto& [end, job, units] = *cursors_[best].first;
    (void)job;
    if (end >= at_) return false;
    free += units;
    ++cursors_[best].first;
    if (free >= need) {
      at_ = end;
      extra_ = free - need;
      return true;
    }
  }
}

bool Backfill::try_reserved(const std::vector<const Capacity*>& group, std::int64_t need, int h, bool preemptible) {
  std::int64_t avail = 0, total = 0;
  state_.clear();
  cursors_.clear();
  for (const Capacity* c : group) {
    const auto site = static_cast<std::size_t>(static_cast<const GpuSite*>(c) - sites_.sites().data());
    const std::int64_t lent = res_->preemptible_gpus(site);
    const std::int64_t idle = res_->touches(site) ? res_->idle_of_others(site, h) : 0;
    state_.push_back(SiteState{c->free(), lent, idle, Reservations::available_of(c->free(), lent, idle, preemptible)});
    avail += state_.back().avail;
    total += c->up;
    cursors_.emplace_back(c->ends.begin(), c->ends.end());
  }
  if (total < need) return false;  // cannot fit here even when empty
  for (;;) {
    const std::size_t best = earliest_cursor();
    if (best == cursors_.size()) return false;
    const auto& [end, job, units] = *cursors_[best].first;
    if (end >= at_) return false;
    ++cursors_[best].first;
    // the job ends: its units free; those it had credited to others' reservations turn idle (closed to the
    // head); a preemptible job no longer sits on reserved GPUs
    const auto site = static_cast<std::size_t>(static_cast<const GpuSite*>(group[best]) - sites_.sites().data());
    SiteState& st = state_[best];
    st.free += units;
    if (res_->preemptible(job)) st.lent -= units;
    st.idle_others += res_->credited_to_others(job, site, h);
    const std::int64_t now_avail = Reservations::available_of(st.free, st.lent, st.idle_others, preemptible);
    avail += now_avail - st.avail;
    st.avail = now_avail;
    if (avail >= need) {
      at_ = end;
      extra_ = avail - need;
      return true;
    }
  }
}

void Backfill::reserve(const JobRow& head, const JobRun& run) {
  at_ = std::numeric_limits<Tick>::max();
  extra_ = 0;
  resource_ = head.resource;
  holder_ = res_ ? res_->holder(head.id) : Reservations::kNone;
  preemptible_ = res_ && res_->preemptible(head.id);
  in_group_.assign(sites_.size(), 0);
  const std::int64_t need = head.gpus;
  if (head.resource == JobResource::cpu) {
    group_.assign(1, &pool_.capacity());
    try_group(group_, need);  // the group is the whole pool: nothing to mark
  } else if (run.cluster >= 0) {
    const std::vector<int>& members = clusters_[static_cast<std::size_t>(run.cluster)].sites;
    group_.clear();
    for (int m : members) group_.push_back(&sites_[static_cast<std::size_t>(m)]);
    if (try_sites(group_, need))
      for (int m : members) in_group_[static_cast<std::size_t>(m)] = 1;
  } else {
    for (std::size_t i = 0; i < sites_.size(); ++i) {
      if (run.allowed_site >= 0 && static_cast<int>(i) != run.allowed_site) continue;
      group_.assign(1, &sites_[i]);
      if (try_sites(group_, need)) {
        std::fill(in_group_.begin(), in_group_.end(), 0);
        in_group_[i] = 1;
      }
    }
  }
}

void Backfill::pass(Tick now, const JobQueue& queue, const JobTable& table, Placement& placement, JobControl& control) {
  const std::uint64_t head = queue.head();
  reserve(table.row(head), table.run(head));
  std::int64_t max_free_gpus = placement.max_free_gpus();
  int examined = 0;
  for (auto it = std::next(queue.entries().begin()); it != queue.entries().end() && examined < depth_;) {
    ++examined;
    const std::uint64_t id = std::get<2>(*it);
    ++it;  // start() erases the job's entry
    const JobRow& row = table.row(id);
    const JobRun& run = table.run(id);
    // a quick test before place(): no single site (or the pool) has room
    const std::int64_t max_free = row.resource == JobResource::cpu ? pool_.free_vcpus() : max_free_gpus;
    if (run.cluster < 0 && row.gpus > max_free) continue;
    if (!placement.place(row, run)) continue;
    const Tick end = now + ticks_from_hours(run.hours_to_end());
    if (end > at_) {
      const std::int64_t in_group = units_in_group(row.resource, placement.plan());
      if (in_group > extra_) continue;
      extra_ -= in_group;
    }
    control.start(id);
    max_free_gpus = placement.max_free_gpus();
  }
}

}  // namespace gwsim::detail

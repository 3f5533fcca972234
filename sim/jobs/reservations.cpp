#include "jobs/reservations.hpp"

#include <algorithm>
#include <cmath>

namespace gwsim::detail {

Reservations::Reservations(const Workloads& w, const GpuSites& sites)
    : w_(w), sites_(sites), spec_(w.reservations), lent_(sites.size(), 0), running_lent_(sites.size()) {
  const int runs = static_cast<int>(w.training.size());
  active_.assign(spec_.size(), 0);
  used_.assign(spec_.size(), std::vector<std::int64_t>(sites.size(), 0));
  at_site_.resize(sites.size());
  for (std::size_t r = 0; r < spec_.size(); ++r) {
    const Reservation& res = spec_[r];
    int h = kNone;
    if (res.holder == ReservationHolder::training) {
      h = res.training_run;
    } else if (res.holder == ReservationHolder::tenant) {
      auto it = std::find(tenants_.begin(), tenants_.end(), res.tenant);
      if (it == tenants_.end()) it = tenants_.insert(tenants_.end(), res.tenant);
      h = runs + static_cast<int>(it - tenants_.begin());
    }
    holder_of_.push_back(h);
    for (int s : members(r)) at_site_[static_cast<std::size_t>(s)].push_back(r);
  }
  inference_holder_ = runs + static_cast<int>(tenants_.size());
  for (std::size_t r = 0; r < spec_.size(); ++r)
    if (spec_[r].holder == ReservationHolder::inference) holder_of_[r] = inference_holder_;
}

void Reservations::submitted(std::uint64_t id, const NewJob& job) {
  if (!any() || id != holder_.size()) return;
  int h = kNone;
  bool pre = false;
  if (job.kind == JobSource::training) {
    h = static_cast<int>(job.source);
  } else {
    pre = job.kind == JobSource::stream ? w_.streams[job.source].preemptible : w_.traces[job.source].preemptible;
    auto it = std::find(tenants_.begin(), tenants_.end(), *job.tenant_name);
    if (it != tenants_.end()) h = static_cast<int>(w_.training.size()) + static_cast<int>(it - tenants_.begin());
  }
  holder_.push_back(h);
  preemptible_.push_back(pre ? 1 : 0);
}

bool Reservations::holds_active(int h) const {
  for (std::size_t r = 0; r < spec_.size(); ++r)
    if (holder_of_[r] == h && active_[r] != 0) return true;
  return false;
}

void Reservations::set_active(std::size_t r, bool active) {
  active_[r] = active ? 1 : 0;
  const int h = holder_of_[r];
  if (!active || h == inference_holder_) return;  // inference's use is the GPUs serving it
  for (int m : members(r)) {
    const auto site = static_cast<std::size_t>(m);
    for (const auto& [end, id, units] : sites_[site].ends)
      if (holder(id) == h) credit(id, r, site, units);
  }
}

void Reservations::credit(std::uint64_t id, std::size_t r, std::size_t site, std::int64_t units) {
  std::vector<Credit>& credits = credits_[id];
  std::int64_t left = units;
  for (const Credit& c : credits)
    if (c.site == site) left -= c.gpus;
  const std::int64_t c = std::min(left, std::max<std::int64_t>(0, reserved(r, site) - used_[r][site]));
  if (c > 0) {
    used_[r][site] += c;
    credits.push_back(Credit{r, site, c});
  }
  if (credits.empty()) credits_.erase(id);
}

std::vector<std::size_t> Reservations::sites_of(int h) const {
  std::vector<std::size_t> out;
  for (std::size_t site = 0; site < at_site_.size(); ++site)
    for (std::size_t r : at_site_[site])
      if (holder_of_[r] == h) {
        out.push_back(site);
        break;
      }
  return out;
}

std::int64_t Reservations::idle_own(std::size_t site, int h) const {
  std::int64_t idle = 0;
  for (std::size_t r : at_site_[site])
    if (active_[r] != 0 && holder_of_[r] == h) idle += std::max<std::int64_t>(0, reserved(r, site) - used(r, site));
  return idle;
}

std::int64_t Reservations::credited_to_others(std::uint64_t id, std::size_t site, int h) const {
  auto it = credits_.find(id);
  if (it == credits_.end()) return 0;
  std::int64_t n = 0;
  for (const Credit& c : it->second)
    if (c.site == site && active_[c.r] != 0 && holder_of_[c.r] != h) n += c.gpus;
  return n;
}

bool Reservations::reserved_run(std::uint64_t id) const {
  const int h = holder(id);
  if (h == kNone || h >= static_cast<int>(w_.training.size())) return false;
  return std::find(holder_of_.begin(), holder_of_.end(), h) != holder_of_.end();
}

std::int64_t Reservations::reserved(std::size_t r, std::size_t site) const {
  const Reservation& res = spec_[r];
  if (res.cluster >= 0) return static_cast<std::int64_t>(std::floor(res.share * static_cast<double>(sites_[site].up)));
  for (std::size_t k = 0; k < res.sites.size(); ++k)
    if (static_cast<std::size_t>(res.sites[k]) == site) return res.gpus[k];
  return 0;
}

std::int64_t Reservations::used(std::size_t r, std::size_t site) const {
  return holder_of_[r] == inference_holder_ ? sites_[site].inference : used_[r][site];
}

std::int64_t Reservations::idle_of_others(std::size_t site, int h) const {
  std::int64_t idle = 0;
  for (std::size_t r : at_site_[site])
    if (active_[r] != 0 && holder_of_[r] != h) idle += std::max<std::int64_t>(0, reserved(r, site) - used(r, site));
  return idle;
}

std::int64_t Reservations::available(std::size_t site, int h, bool preemptible, bool reclaim) const {
  const std::int64_t free = sites_[site].free();
  if (at_site_[site].empty() || preemptible) return std::max<std::int64_t>(0, free);
  const std::int64_t idle = idle_of_others(site, h);
  if (!reclaim) return available_of(free, lent_[site], idle, false);
  return std::max<std::int64_t>(0, free + lent_[site] - idle);
}

bool Reservations::must_reclaim(std::size_t site, int h, std::int64_t gpus) const {
  return lent_[site] > 0 && available(site, h, false, false) < gpus;
}

void Reservations::started(std::uint64_t id, const std::vector<JobRun::Part>& parts) {
  if (!any()) return;
  if (preemptible(id)) {
    for (const JobRun::Part& p : parts) {
      lent_[p.site] += p.units;
      running_lent_[p.site].insert(id);
    }
  }
  const int h = holder(id);
  if (h == kNone) return;
  std::vector<Credit> credits;
  for (const JobRun::Part& p : parts) {
    std::int64_t left = p.units;
    for (std::size_t r : at_site_[p.site]) {
      if (holder_of_[r] != h || active_[r] == 0 || left == 0) continue;
      const std::int64_t c = std::min(left, std::max<std::int64_t>(0, reserved(r, p.site) - used_[r][p.site]));
      if (c == 0) continue;
      used_[r][p.site] += c;
      left -= c;
      credits.push_back(Credit{r, p.site, c});
    }
  }
  if (!credits.empty()) credits_[id] = std::move(credits);
}

void Reservations::released(std::uint64_t id, const std::vector<JobRun::Part>& parts) {
  if (!any()) return;
  if (preemptible(id)) {
    for (const JobRun::Part& p : parts) {
      lent_[p.site] -= p.units;
      running_lent_[p.site].erase(id);
    }
  }
  auto it = credits_.find(id);
  if (it == credits_.end()) return;
  for (const Credit& c : it->second) used_[c.r][c.site] -= c.gpus;
  credits_.erase(it);
}

}  // namespace gwsim::detail

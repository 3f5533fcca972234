#include "jobs/tenant_first.hpp"

#include <algorithm>
#include <tuple>

namespace gwsim::detail {

TenantFirst::TenantFirst(const Reservations& res) : res_(res), queued_(res.tenants()) {
  for (std::size_t t = 0; t < res.tenants(); ++t)
    sites_.push_back(res.sites_of(res.tenant_base() + static_cast<int>(t)));
}

int TenantFirst::site_for(const std::vector<std::size_t>& sites, int h, std::int64_t gpus, int allowed,
                          bool preemptible) const {
  for (std::size_t s : sites) {
    if (allowed >= 0 && static_cast<int>(s) != allowed) continue;
    const std::int64_t idle = res_.idle_own(s, h) - res_.preemptible_gpus(s);
    if (std::min(idle, res_.available(s, h, preemptible, false)) >= gpus) return static_cast<int>(s);
  }
  return -1;
}

void TenantFirst::pass(JobTable& table, Placement& placement, JobControl& control) {
  for (std::size_t t = 0; t < queued_.size(); ++t) {
    const int h = res_.tenant_base() + static_cast<int>(t);
    if (queued_[t].empty() || !res_.holds_active(h)) continue;
    while (!queued_[t].empty()) {
      const std::uint64_t id = std::get<2>(*queued_[t].begin());
      JobRun& run = table.run(id);
      const int site = site_for(sites_[t], h, table.row(id).gpus, run.allowed_site, res_.preemptible(id));
      if (site < 0) break;
      // placed at that site: pinned there for this placement only
      const int allowed = run.allowed_site;
      run.allowed_site = site;
      const bool placed = placement.place(table.row(id), run);
      run.allowed_site = allowed;
      if (!placed) break;
      control.start(id);  // dequeued() erases its key
    }
  }
}

}  // namespace gwsim::detail

#include "model/burn_in.hpp"

#include <algorithm>
#include <utility>

#include <boost/random/bernoulli_distribution.hpp>

#include "model/columns.hpp"

namespace gwsim {

BurnIn::BurnIn(Engine& eng, const Scenario& s, const RandomStreams& streams, const Inventory& inv, Power& power,
               Outcome outcome)
    : eng_(eng),
      s_(s),
      rng_(streams.stream("burn_in")),
      inv_(inv),
      power_(power),
      outcome_(std::move(outcome)),
      site_(s.sites.size()),
      running_(s.sites.size()),
      paused_(s.sites.size()),
      on_done_(*this, eng) {
  for (const Site& site : s_.sites) burn_in_time_.push_back(ticks_from_hours(site.burn_in_hours));
}

void BurnIn::start(std::uint32_t r) {
  const Rack& rack = inv_.racks[r];
  const int gpus = s_.skus[rack.sku].gpus_per_rack;
  burn_in_gpus_ += gpus;
  site_[rack.site].burn_in += gpus;
  power_.change_it(rack.site, rack.sku, gpus);
  schedule_done(r, burn_in_time_[rack.site]);
  if (started_) started_(rack.site);  // the load shed may pause it at once
}

void BurnIn::schedule_done(std::uint32_t r, Tick after) {
  const EventId id = eng_.schedule_at(eng_.now() + after, on_done_.id(), r);
  if (!pausable_) return;
  if (rack_.size() <= r) rack_.resize(std::max<std::size_t>(r + 1, 2 * rack_.size()));
  std::vector<std::uint32_t>& running = running_[inv_.racks[r].site];
  rack_[r] = Running{id, eng_.now() + after, static_cast<std::uint32_t>(running.size())};
  running.push_back(r);
}

// Swap-remove from its site's racks burning in.
void BurnIn::stop_tracking(std::uint32_t r) {
  std::vector<std::uint32_t>& running = running_[inv_.racks[r].site];
  const std::uint32_t pos = rack_[r].pos;
  running[pos] = running.back();
  rack_[running[pos]].pos = pos;
  running.pop_back();
}

std::uint32_t BurnIn::pause(std::uint32_t si) {
  if (!pausable_ || running_[si].empty()) return kNoRack;
  const std::uint32_t r = running_[si].back();
  stop_tracking(r);
  eng_.cancel(rack_[r].done);
  paused_[si].push_back(Paused{r, rack_[r].due - eng_.now()});
  ++pauses_;
  const Rack& rack = inv_.racks[r];
  power_.change_it(rack.site, rack.sku, -s_.skus[rack.sku].gpus_per_rack);
  return r;
}

void BurnIn::resume(std::uint32_t si) {
  const Paused p = paused_[si].back();
  paused_[si].pop_back();
  const Rack& rack = inv_.racks[p.rack];
  power_.change_it(rack.site, rack.sku, s_.skus[rack.sku].gpus_per_rack);
  schedule_done(p.rack, p.left);
}

void BurnIn::reworked(std::uint32_t r) {
  rework_gpus_ -= s_.skus[inv_.racks[r].sku].gpus_per_rack;
  site_[inv_.racks[r].site].rework -= s_.skus[inv_.racks[r].sku].gpus_per_rack;
  start(r);
}

void BurnIn::done(std::uint64_t id) {
  const auto r = static_cast<std::uint32_t>(id);
  const Rack& rack = inv_.racks[r];
  const Site& site = s_.sites[rack.site];
  const int gpus = s_.skus[rack.sku].gpus_per_rack;
  if (pausable_) stop_tracking(r);
  burn_in_gpus_ -= gpus;
  site_[rack.site].burn_in -= gpus;
  const bool fails = s_.failures_enabled && site.burn_in_fail_prob > 0 &&
                     boost::random::bernoulli_distribution<double>(site.burn_in_fail_prob)(rng_);
  if (!fails) {
    outcome_.passed(r);
    return;
  }
  ++failures_;
  rework_gpus_ += gpus;
  site_[rack.site].rework += gpus;
  power_.change_it(rack.site, rack.sku, -gpus);
  outcome_.failed(r);
}

void BurnIn::bind_columns(Recorder& rec) {
  rec.bind(columns::gpus_burn_in, Recorder::count(burn_in_gpus_));
  rec.bind(columns::gpus_rework, Recorder::count(rework_gpus_));
  rec.bind_sites(columns::gpus_burn_in, Recorder::per_site(site_, [](const SiteGpus& g) { return g.burn_in; }));
  rec.bind_sites(columns::gpus_rework, Recorder::per_site(site_, [](const SiteGpus& g) { return g.rework; }));
}

}  // namespace gwsim

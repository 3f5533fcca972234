#include "model/burn_in.hpp"

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
      on_done_(*this, eng) {
  for (const Site& site : s_.sites) burn_in_time_.push_back(ticks_from_hours(site.burn_in_hours));
}

void BurnIn::start(std::uint32_t r) {
  const Rack& rack = inv_.racks[r];
  const int gpus = s_.skus[rack.sku].gpus_per_rack;
  burn_in_gpus_ += gpus;
  site_[rack.site].burn_in += gpus;
  power_.change_it(rack.site, rack.sku, gpus);
  eng_.schedule_at(eng_.now() + burn_in_time_[rack.site], on_done_.id(), r);
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

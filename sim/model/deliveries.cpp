#include "model/deliveries.hpp"

#include <utility>

#include "core/distribution.hpp"
#include "model/columns.hpp"

namespace gwsim {

Deliveries::Deliveries(Engine& eng, const Scenario& s, const RandomStreams& streams, Inventory& inv, Arrival on_arrival)
    : eng_(eng),
      s_(s),
      rng_ship_(streams.stream("deliveries")),
      inv_(inv),
      on_arrival_(std::move(on_arrival)),
      site_(s.sites.size()),
      on_ship_(*this, eng),
      on_arrive_(*this, eng) {}

void Deliveries::schedule_orders() {
  for (const Order& o : s_.orders) {
    const Tick lead = ticks_from_days(o.lead_time_days);
    const auto site = static_cast<std::uint32_t>(o.site);
    const auto sku = static_cast<std::uint32_t>(o.sku);
    for (const Delivery& d : o.deliveries) {
      if (d.racks == 0) continue;
      Tick at = d.date;
      if (o.slip_days) at = clamp_to_future(at + ticks_from_days(gwsim::sample(*o.slip_days, rng_ship_)));
      batches_.push_back(Batch{site, sku, d.racks, lead, at, o.ownership == Ownership::owned});
      gpus_ordered_ += d.racks * s_.skus[sku].gpus_per_rack;
      site_[site].ordered += d.racks * s_.skus[sku].gpus_per_rack;
      racks_ordered_ += d.racks;
      inv_.cell(site, sku).racks_ordered += d.racks;
      eng_.schedule_at(at, on_ship_.id(), batches_.size() - 1);
    }
  }
  not_shipped_ = gpus_ordered_;
  for (SiteCounts& c : site_) c.not_shipped = c.ordered;
  inv_.racks.reserve(static_cast<std::size_t>(racks_ordered_));
}

void Deliveries::order_now(std::uint32_t si, std::uint32_t sku, std::int64_t racks, Tick lead, bool owned) {
  batches_.push_back(Batch{si, sku, racks, lead, eng_.now(), owned});
  const std::int64_t gpus = racks * s_.skus[sku].gpus_per_rack;
  gpus_ordered_ += gpus;
  site_[si].ordered += gpus;
  racks_ordered_ += racks;
  inv_.cell(si, sku).racks_ordered += racks;
  not_shipped_ += gpus;
  site_[si].not_shipped += gpus;
  ship(batches_.size() - 1);
}

void Deliveries::ship(std::uint64_t b) {
  Batch& batch = batches_[b];
  batch.stage = Batch::Stage::shipped;
  const std::int64_t gpus = batch.racks * s_.skus[batch.sku].gpus_per_rack;
  not_shipped_ -= gpus;
  in_transit_ += gpus;
  site_[batch.site].not_shipped -= gpus;
  site_[batch.site].in_transit += gpus;
  in_transit_tw_.set(eng_.now(), static_cast<double>(in_transit_));
  eng_.schedule_at(clamp_to_future(eng_.now() + batch.lead), on_arrive_.id(), b);
}

void Deliveries::arrive(std::uint64_t b) {
  Batch& batch = batches_[b];
  batch.stage = Batch::Stage::arrived;
  const Sku& k = s_.skus[batch.sku];
  const std::int64_t gpus = batch.racks * k.gpus_per_rack;
  const double capex = batch.owned ? static_cast<double>(batch.racks) * k.capex_usd_per_rack : 0.0;
  in_transit_ -= gpus;
  in_transit_tw_.set(eng_.now(), static_cast<double>(in_transit_));
  delivered_ += gpus;
  inv_.cell(batch.site, batch.sku).racks_delivered += batch.racks;
  capex_usd_ += capex;
  SiteCounts& at = site_[batch.site];
  at.in_transit -= gpus;
  at.delivered += gpus;
  at.capex_usd += capex;
  const auto first = static_cast<std::uint32_t>(inv_.racks.size());
  for (std::int64_t i = 0; i < batch.racks; ++i) inv_.racks.push_back(Rack{batch.site, batch.sku, 0, 0});
  if (batch.owned && on_owned_arrival_) on_owned_arrival_(batch.site, batch.sku, first, batch.racks);
  on_arrival_(batch.site, first, batch.racks);
}

// One pass over the batches: called once, at the end of a run.
std::vector<Deliveries::Pending> Deliveries::pending() const {
  std::vector<Pending> out(s_.sites.size());
  for (const Batch& b : batches_) {
    Pending& p = out[b.site];
    if (b.stage == Batch::Stage::shipped) p.racks_in_transit += b.racks;
    if (b.stage != Batch::Stage::ordered) continue;
    p.racks_not_shipped += b.racks;
    if (!p.next_ship || b.ship_at < *p.next_ship) p.next_ship = b.ship_at;
  }
  return out;
}

void Deliveries::bind_columns(Recorder& rec) {
  rec.bind(columns::gpus_ordered, Recorder::count(gpus_ordered_));
  rec.bind(columns::gpus_not_shipped, Recorder::count(not_shipped_));
  rec.bind(columns::gpus_in_transit, Recorder::count(in_transit_));
  rec.bind(columns::gpus_delivered, Recorder::count(delivered_));
  rec.bind(columns::capex_usd, [this] { return capex_usd_; });
  rec.bind_sites(columns::gpus_ordered, Recorder::per_site(site_, [](const SiteCounts& c) { return c.ordered; }));
  rec.bind_sites(columns::gpus_not_shipped,
                 Recorder::per_site(site_, [](const SiteCounts& c) { return c.not_shipped; }));
  rec.bind_sites(columns::gpus_in_transit, Recorder::per_site(site_, [](const SiteCounts& c) { return c.in_transit; }));
  rec.bind_sites(columns::gpus_delivered, Recorder::per_site(site_, [](const SiteCounts& c) { return c.delivered; }));
  rec.bind_sites(columns::capex_usd, Recorder::per_site(site_, [](const SiteCounts& c) { return c.capex_usd; }));
}

}  // namespace gwsim

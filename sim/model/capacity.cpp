#include "model/capacity.hpp"

#include <algorithm>
#include <utility>

#include "model/columns.hpp"
#include "scenario/catalog.hpp"

namespace gwsim {

Capacity::Capacity(Engine& eng, const Scenario& s, Inventory& inv, Power& power,
                   std::function<void(std::uint32_t)> on_in_service)
    : eng_(eng),
      s_(s),
      inv_(inv),
      power_(power),
      on_in_service_(std::move(on_in_service)),
      site_(s.sites.size()),
      sku_up_(s.skus.size(), 0) {
  for (const Site& site : s_.sites) {
    auto it = std::find(providers_.begin(), providers_.end(), site.provider);
    if (it == providers_.end()) it = providers_.insert(it, site.provider);
    site_provider_.push_back(static_cast<int>(it - providers_.begin()));
  }
  provider_up_.assign(providers_.size(), 0);
  provider_up_tw_.assign(providers_.size(), TimeWeighted(0, 0.0));
}

void Capacity::enter_service(std::uint32_t r) {
  const Rack& rack = inv_.racks[r];
  const int gpus = s_.skus[rack.sku].gpus_per_rack;
  ++racks_in_service_;
  ++site_[rack.site].racks;
  ++inv_.cell(rack.site, rack.sku).racks_in_service;
  up_gpus_ += gpus;
  add_up(rack.site, rack.sku, gpus);
  for (CapacityListener* l : listeners_) l->gpus_up(rack.site, rack.sku, r, gpus);
  note_key_dates();
  on_in_service_(r);
}

void Capacity::note_key_dates() {
  const std::int64_t n = racks_in_service_;
  const std::int64_t total = racks_ordered_;
  const Tick now = eng_.now();
  std::optional<Tick>* dates[] = {&key_dates_.in_service_50pct, &key_dates_.in_service_90pct,
                                  &key_dates_.in_service_100pct};
  for (std::size_t k = 0; k < kKeyDatePercents.size(); ++k)
    if (!*dates[k] && n >= racks_needed(total, kKeyDatePercents[k])) *dates[k] = now;
}

double Capacity::pflops(double Sku::*per_gpu) const {
  double total = 0;
  for (std::size_t i = 0; i < sku_up_.size(); ++i) total += static_cast<double>(sku_up_[i]) * s_.skus[i].*per_gpu;
  return total;
}

void Capacity::bind_columns(Recorder& rec) {
  rec.bind(columns::gpus_in_service, Recorder::count(up_gpus_));
  rec.bind(columns::gpus_failed, [this] { return static_cast<double>(failed_gpus_ + cordoned_gpus_); });
  rec.bind(columns::gpus_in_repair, Recorder::count(in_repair_gpus_));
  rec.bind(columns::racks_in_service, Recorder::count(racks_in_service_));
  rec.bind(columns::pflops_fp8_online, [this] { return pflops(&Sku::fp8_pflops_per_gpu); });
  rec.bind(columns::pflops_bf16_online, [this] { return pflops(&Sku::bf16_pflops_per_gpu); });
  rec.bind(columns::h100e_in_service, [this] {
    double total = 0;
    for (std::size_t i = 0; i < sku_up_.size(); ++i)
      total += static_cast<double>(sku_up_[i]) * h100_equivalents_per_gpu(s_.skus[i]);
    return total;
  });
  rec.bind(columns::largest_site_gpus_in_service, [this] {
    std::int64_t largest = 0;
    for (const SiteCounts& c : site_) largest = std::max(largest, c.up);
    return static_cast<double>(largest);
  });
  bind_site_columns(rec);
}

template <class F>
Recorder::SiteValues Capacity::site_sum_per_gpu(F per_gpu) const {
  return [this, per_gpu](std::span<double> out) {
    const std::size_t skus = s_.skus.size();
    const SiteSkuCount* cell = inv_.cells().data();  // site-major
    for (double& site : out) {
      double total = 0;
      for (std::size_t k = 0; k < skus; ++k, ++cell) total += static_cast<double>(cell->gpus_up) * per_gpu(s_.skus[k]);
      site = total;
    }
  };
}

void Capacity::bind_site_columns(Recorder& rec) {
  using C = SiteCounts;
  rec.bind_sites(columns::gpus_in_service, Recorder::per_site(site_, [](const C& c) { return c.up; }));
  rec.bind_sites(columns::gpus_failed, Recorder::per_site(site_, [](const C& c) { return c.failed + c.cordoned; }));
  rec.bind_sites(columns::gpus_in_repair, Recorder::per_site(site_, [](const C& c) { return c.in_repair; }));
  rec.bind_sites(columns::racks_in_service, Recorder::per_site(site_, [](const C& c) { return c.racks; }));
  rec.bind_sites(columns::pflops_fp8_online, site_sum_per_gpu([](const Sku& k) { return k.fp8_pflops_per_gpu; }));
  rec.bind_sites(columns::pflops_bf16_online, site_sum_per_gpu([](const Sku& k) { return k.bf16_pflops_per_gpu; }));
  rec.bind_sites(columns::h100e_in_service, site_sum_per_gpu([](const Sku& k) { return h100_equivalents_per_gpu(k); }));
}

}  // namespace gwsim

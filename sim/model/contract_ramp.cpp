#include "model/contract_ramp.hpp"

#include <algorithm>
#include <map>

#include "core/units.hpp"

namespace gwsim {

double overlap_hours(Tick from, Tick to, Tick lo, Tick hi) {
  const Tick a = std::max(from, lo);
  const Tick b = std::min(to, hi);
  return b > a ? to_hours(b - a) : 0.0;
}

double ramp_gpu_hours(const ContractRamp& ramp, Tick from, Tick to) {
  double sum = 0;
  for (std::size_t i = 0; i < ramp.dates.size(); ++i) {
    const Tick next = i + 1 < ramp.dates.size() ? ramp.dates[i + 1] : std::max(to, ramp.dates[i]);
    sum += static_cast<double>(ramp.gpus[i]) * overlap_hours(ramp.dates[i], next, from, to);
  }
  return sum;
}

Tick term_end(const Contract& k) { return k.start + ticks_from_days(k.term_years * units::kDaysPerYear); }

bool contract_tracked(const Scenario& s, std::size_t c) {
  const Contract& k = s.contracts[c];
  if (!k.ramp.dates.empty() || !k.sku_prices.empty() || k.late_credit_share > 0) return true;
  return std::any_of(s.orders.begin(), s.orders.end(),
                     [c](const Order& o) { return o.contract == static_cast<int>(c); });
}

ContractTracks::ContractTracks(const Engine& eng, const Scenario& s)
    : eng_(eng), skus_(s.skus.size()), cell_(s.sites.size() * s.skus.size()) {
  // racks ordered per (site, SKU) cell, and per (cell, contract) of the orders naming one
  std::vector<double> cell_racks(cell_.size(), 0.0);
  std::map<std::pair<std::size_t, int>, double> named;
  for (const Order& o : s.orders) {
    double racks = 0;
    for (const Delivery& d : o.deliveries) racks += static_cast<double>(d.racks);
    const std::size_t cell = static_cast<std::size_t>(o.site) * skus_ + static_cast<std::size_t>(o.sku);
    cell_racks[cell] += racks;
    if (o.contract >= 0) named[{cell, o.contract}] += racks;
  }
  for (std::size_t c = 0; c < s.contracts.size(); ++c) {
    term_.emplace_back(s.contracts[c].start, term_end(s.contracts[c]));
    if (!contract_tracked(s, c)) continue;
    used_ = true;
    const int ci = static_cast<int>(c);
    const bool by_orders =
        std::any_of(s.orders.begin(), s.orders.end(), [ci](const Order& o) { return o.contract == ci; });
    for (std::size_t cell = 0; cell < cell_.size(); ++cell) {
      double w = 0;
      if (by_orders) {
        auto it = named.find({cell, ci});
        if (it != named.end() && cell_racks[cell] > 0) w = it->second / cell_racks[cell];
      } else if (s.sites[cell / skus_].provider == s.contracts[c].provider) {
        w = 1.0;
      }
      if (w > 0) cell_[cell].emplace_back(ci, w);
    }
  }
  tracks_.resize(s.contracts.size() * skus_);
}

void ContractTracks::change(std::uint32_t site, std::uint32_t sku, double gpus) {
  const Tick now = eng_.now();
  for (const auto& [c, w] : cell_[static_cast<std::size_t>(site) * skus_ + sku]) {
    Track& t = track(static_cast<std::size_t>(c), sku);
    const auto& [lo, hi] = term_[static_cast<std::size_t>(c)];
    t.hours += t.gpus * overlap_hours(t.last, now, lo, hi);
    t.last = now;
    t.gpus += w * gpus;
  }
}

double ContractTracks::gpu_hours(std::size_t c, std::size_t sku, Tick now) const {
  const Track& t = track(c, sku);
  return t.hours + t.gpus * overlap_hours(t.last, now, term_[c].first, term_[c].second);
}

double ContractTracks::gpus_now(std::size_t c) const {
  double sum = 0;
  for (std::size_t k = 0; k < skus_; ++k) sum += track(c, k).gpus;
  return sum;
}

}  // namespace gwsim

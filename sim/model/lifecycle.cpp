#include "model/lifecycle.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/units.hpp"
#include "model/admission.hpp"
#include "model/columns.hpp"
#include "model/cordon.hpp"
#include "model/deliveries.hpp"
#include "model/failures.hpp"
#include "model/power.hpp"
#include "scenario/catalog.hpp"

namespace gwsim {

namespace {
constexpr double kDefaultLifeYears = 5;
constexpr std::uint64_t kRackMask = 0xFFFFFFFFu;

Tick years(double y) { return ticks_from_days(y * units::kDaysPerYear); }
}  // namespace

double FleetLifecycle::life_years(const Scenario& s, const Sku& k) {
  if (k.life_years > 0) return k.life_years;
  return s.costs ? s.costs->it_life_years : kDefaultLifeYears;
}

std::int64_t FleetLifecycle::rack_w(const Sku& k) { return std::llround(k.rack_power_kw * 1000.0); }

FleetLifecycle::FleetLifecycle(Engine& eng, const Scenario& s, const Inventory& inv, Tick horizon, Hooks hooks)
    : eng_(eng),
      s_(s),
      inv_(inv),
      horizon_(horizon),
      hooks_(std::move(hooks)),
      on_retire_(*this, eng),
      on_refresh_(*this, eng) {
  if (!used(s_)) return;
  const Lifecycle& lc = *s_.lifecycle;
  const std::size_t skus = s_.skus.size();
  for (const Sku& k : s_.skus) life_.push_back(lc.retire_at_end_of_life ? years(life_years(s_, k)) : 0);
  // per (site, SKU): the share of its racks ordered owned (leased racks are the provider's to resell)
  std::vector<double> owned(s_.sites.size() * skus, 0), all(s_.sites.size() * skus, 0);
  for (const Order& o : s_.orders) {
    std::int64_t racks = 0;
    for (const Delivery& d : o.deliveries) racks += d.racks;
    const std::size_t c = static_cast<std::size_t>(o.site) * skus + static_cast<std::size_t>(o.sku);
    all[c] += static_cast<double>(racks);
    const bool leased = o.ownership == Ownership::leased || o.contract >= 0 ||
                        s_.sites[static_cast<std::size_t>(o.site)].ownership == Ownership::leased;
    if (!leased) owned[c] += static_cast<double>(racks);
  }
  owned_share_.assign(all.size(), 0);
  for (std::size_t c = 0; c < all.size(); ++c) {
    // a cell never ordered (a refresh's new SKU) follows its site's ownership
    const bool site_owned = s_.sites[c / skus].ownership == Ownership::owned;
    owned_share_[c] = all[c] > 0 ? owned[c] / all[c] : (site_owned ? 1.0 : 0.0);
  }
  listed_.assign(skus, 0);
  racks_.resize(skus);
  freed_.resize(lc.refresh.size() * s_.sites.size());
  for (std::size_t p = 0; p < lc.refresh.size(); ++p)
    if (lc.refresh[p].date) {
      listed_[static_cast<std::size_t>(lc.refresh[p].from)] = 1;
      if (*lc.refresh[p].date <= horizon_) eng_.schedule_at(clamp_to_future(*lc.refresh[p].date), on_refresh_.id(), p);
    }
}

void FleetLifecycle::in_service(std::uint32_t r) {
  const std::uint32_t sku = inv_.racks[r].sku;
  const Tick now = eng_.now();
  if (listed_[sku] != 0) racks_[sku].push_back(r);
  if (life_[sku] > 0 && now + life_[sku] <= horizon_) eng_.schedule_at(now + life_[sku], on_retire_.id(), r);
  const std::vector<Refresh>& policies = s_.lifecycle->refresh;
  for (std::size_t p = 0; p < policies.size(); ++p) {
    const Refresh& rf = policies[p];
    if (rf.date || static_cast<std::uint32_t>(rf.from) != sku) continue;
    const Tick at = now + years(rf.age_years);
    if (at <= horizon_) eng_.schedule_at(at, on_retire_.id(), ((p + 1) << 32) | r);
  }
}

void FleetLifecycle::retire_event(std::uint64_t payload) {
  const auto r = static_cast<std::uint32_t>(payload & kRackMask);
  const int policy = static_cast<int>(payload >> 32) - 1;
  if (retire(r, policy) && policy >= 0) replace(static_cast<std::size_t>(policy), inv_.racks[r].site);
}

// A dated refresh: every rack of `from` in service now retires; then, per site, the new racks are ordered.
void FleetLifecycle::refresh_date(std::uint64_t p) {
  const Refresh& rf = s_.lifecycle->refresh[p];
  std::vector<std::uint8_t> touched(s_.sites.size(), 0);
  for (std::uint32_t r : racks_[static_cast<std::size_t>(rf.from)])
    if (retire(r, static_cast<int>(p))) touched[inv_.racks[r].site] = 1;
  for (std::uint32_t si = 0; si < touched.size(); ++si)
    if (touched[si] != 0) replace(p, si);
}

// Rack `r` leaves service (false if it already had: retired before, by the lemon policy or the lifecycle).
bool FleetLifecycle::retire(std::uint32_t r, int policy) {
  if (!hooks_.retire(r)) return false;
  const Rack& rk = inv_.racks[r];
  const Sku& k = s_.skus[rk.sku];
  ++retired_;
  gpus_retired_ += k.gpus_per_rack;
  const double usd = owned_share_[rk.site * s_.skus.size() + rk.sku] * k.resale_share * k.capex_usd_per_rack;
  resale_usd_ += usd;
  if (usd != 0 && hooks_.resale) hooks_.resale(usd);
  if (policy < 0) return true;
  ++refreshed_;
  Freed& f = freed_[static_cast<std::size_t>(policy) * s_.sites.size() + rk.site];
  f.w += rack_w(k);
  ++f.slots;
  return true;
}

// Orders the `to` racks that fit what policy `p` freed at site `si`: floor(freed W / to's rack W), at most the freed
// slots.
void FleetLifecycle::replace(std::size_t p, std::uint32_t si) {
  const Refresh& rf = s_.lifecycle->refresh[p];
  if (rf.to < 0) return;
  Freed& f = freed_[p * s_.sites.size() + si];
  const std::int64_t w = rack_w(s_.skus[static_cast<std::size_t>(rf.to)]);
  const std::int64_t n = std::min(f.w / w, f.slots);
  if (n <= 0) return;
  f.w -= n * w;
  f.slots -= n;
  reordered_ += n;
  // owned as the racks they replace were (the majority, when a site's orders of `from` were mixed)
  const bool owned = owned_share_[si * s_.skus.size() + static_cast<std::size_t>(rf.from)] >= 0.5;
  hooks_.order(si, static_cast<std::uint32_t>(rf.to), n, ticks_from_days(rf.lead_time_days), owned);
}

void FleetLifecycle::sample(Tick now) {
  const std::int64_t day = now / days(1);
  const std::size_t skus = s_.skus.size();
  const std::size_t first = mix_.size();
  for (std::size_t k = 0; k < skus; ++k) mix_.push_back(FleetMixRow{day, static_cast<std::uint32_t>(k), 0, 0, 0});
  for (const SiteSkuCount& c : inv_.cells()) {
    FleetMixRow& row = mix_[first + c.sku];
    row.racks += c.racks_in_service;
    row.gpus_up += c.gpus_up;
  }
  std::size_t kept = first;  // only the SKUs with racks in service
  for (std::size_t i = first; i < mix_.size(); ++i) {
    if (mix_[i].racks == 0) continue;
    mix_[i].h100e = static_cast<double>(mix_[i].gpus_up) * h100_equivalents_per_gpu(s_.skus[mix_[i].sku]);
    mix_[kept++] = mix_[i];
  }
  mix_.resize(kept);
}

void FleetLifecycle::bind_columns(Recorder& rec) {
  rec.bind(columns::racks_retired, Recorder::count(retired_));
  rec.before_row([this](Tick now) { sample(now); });
}

LifecycleFigures FleetLifecycle::figures() const {
  LifecycleFigures f;
  f.used = used(s_);
  if (!f.used) return f;
  f.racks_retired = retired_;
  f.racks_refreshed = refreshed_;
  f.racks_reordered = reordered_;
  f.gpus_retired = gpus_retired_;
  f.resale_usd = resale_usd_;
  f.h100e_by_sku_at_end.assign(s_.skus.size(), 0);
  for (const SiteSkuCount& c : inv_.cells())
    f.h100e_by_sku_at_end[c.sku] += static_cast<double>(c.gpus_up) * h100_equivalents_per_gpu(s_.skus[c.sku]);
  f.fleet_mix = mix_;
  return f;
}

FleetLifecycle::Hooks lifecycle_hooks(const Inventory& inv, Cordon& cordon, Failures& failures, Power& power,
                                      Admission& admission, Deliveries& deliveries) {
  FleetLifecycle::Hooks h;
  h.retire = [&inv, &cordon, &failures, &power, &admission](std::uint32_t r) {
    if (!cordon.retire_for_life(r)) return false;
    const Rack& rk = inv.racks[r];
    failures.retired(r);
    power.release(rk.site, rk.sku);
    admission.free_slot(r);
    admission.admit(rk.site);
    return true;
  };
  h.order = [&deliveries](std::uint32_t si, std::uint32_t sku, std::int64_t racks, Tick lead, bool owned) {
    deliveries.order_now(si, sku, racks, lead, owned);
  };
  return h;
}

}  // namespace gwsim

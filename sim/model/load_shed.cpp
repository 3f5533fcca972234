#include "model/load_shed.hpp"

#include <algorithm>

#include "model/columns.hpp"
#include "model/curtailment.hpp"
#include "model/generation.hpp"

namespace gwsim {

LoadShed::LoadShed(Engine& eng, const Scenario& s, const Inventory& inv, Power& power, Cordon& cordon)
    : eng_(eng),
      s_(s),
      inv_(inv),
      power_(power),
      cordon_(cordon),
      active_(OnsiteGeneration::used(s) || CurtailmentWindows::used(s)),
      sites_(s.sites.size()),
      on_empty_(*this, eng) {
  for (std::size_t si = 0; si < sites_.size(); ++si)
    if (s.sites[si].battery && s.sites[si].battery->power_mw > 0)
      sites_[si].battery = SiteBattery(*s.sites[si].battery);
}

void LoadShed::pause_burn_in(BurnIn& burn_in) {
  if (!active_) return;
  burn_in_ = &burn_in;
  // a rack installed (or reworked) while the supply net of a cut is short is paused at once
  burn_in.track_pauses([this](std::uint32_t si) { balance(si); });
}

void LoadShed::in_service(std::uint32_t r) {
  if (!active_) return;
  const std::uint32_t si = inv_.racks[r].site;
  SiteShed& site = sites_[si];
  // racks in burn-in are paused only while every rack in service is held
  const bool above_held = site.held_from < site.racks.size() || site.paused_uw > 0;
  site.racks.push_back(r);
  site.for_cut.push_back(0);
  if (above_held) hold(site, site.racks.size() - 1);
  else site.held_from = site.racks.size();
  balance(si);  // a rack installed while the supply was short can be held now
}

void LoadShed::hold(SiteShed& site, std::size_t i) {
  const std::uint32_t r = site.racks[i];
  const int gpus = s_.skus[inv_.racks[r].sku].gpus_per_rack;
  site.held_uw += reserve(r);
  ++racks_held_;
  held_gpus_ += gpus;
  site.for_cut[i] = site.cut_uw > 0 ? 1 : 0;
  if (site.for_cut[i] != 0) {
    curt_gpus_ += gpus;
    curt_gpus_tw_.set(eng_.now(), static_cast<double>(curt_gpus_));
  }
  held_gpus_tw_.set(eng_.now(), static_cast<double>(held_gpus_ - curt_gpus_));
  cordon_.power_hold(r);
}

void LoadShed::release(SiteShed& site, std::size_t i) {
  const std::uint32_t r = site.racks[i];
  const int gpus = s_.skus[inv_.racks[r].sku].gpus_per_rack;
  site.held_uw -= reserve(r);
  held_gpus_ -= gpus;
  if (site.for_cut[i] != 0) {
    curt_gpus_ -= gpus;
    curt_gpus_tw_.set(eng_.now(), static_cast<double>(curt_gpus_));
  }
  held_gpus_tw_.set(eng_.now(), static_cast<double>(held_gpus_ - curt_gpus_));
  cordon_.power_release(r);
}

void LoadShed::curtail(std::uint32_t si, std::int64_t cut_uw) {
  if (!active_) return;
  accrue(si);  // the allowed draw changes with the cut
  SiteShed& site = sites_[si];
  site.cut_uw = cut_uw;
  site.cap_uw = std::max<std::int64_t>(0, power_.reserved_uw(si) - site.held_uw - site.paused_uw - cut_uw);
  balance(si);
}

std::int64_t LoadShed::supply_uw(std::uint32_t si) const {
  const SiteShed& site = sites_[si];
  const auto* c = s_.sites[si].curtailment ? &*s_.sites[si].curtailment : nullptr;
  if (site.cut_uw == 0 || c == nullptr || c->rule != CurtailRule::generation_first) return power_.supply_uw(si);
  const std::int64_t grid = power_.energized_uw(si) - power_.onsite_uw(si);
  return power_.supply_uw(si) - std::clamp<std::int64_t>(site.cut_uw, 0, std::max<std::int64_t>(0, grid));
}

std::int64_t LoadShed::limit_uw(std::uint32_t si) const {
  const SiteShed& site = sites_[si];
  const std::int64_t limit = supply_uw(si) + site.battery.available_uw();
  const auto* c = s_.sites[si].curtailment ? &*s_.sites[si].curtailment : nullptr;
  if (site.cut_uw == 0 || c == nullptr || c->rule != CurtailRule::interrupt) return limit;
  return std::min(limit, site.cap_uw);
}

void LoadShed::balance(std::uint32_t si) {
  if (!active_) return;
  SiteShed& site = sites_[si];
  site.battery.settle(eng_.now());
  const std::int64_t supply = limit_uw(si);
  const std::int64_t reserved = power_.reserved_uw(si);
  while (reserved - site.held_uw - site.paused_uw > supply) {
    if (site.held_from > 0) hold(site, --site.held_from);
    else if (!pause(si)) break;
  }
  resume(si, supply);
  while (site.held_from < site.racks.size() && site.paused_uw == 0) {
    const std::uint32_t r = site.racks[site.held_from];
    if (reserved - site.held_uw + reserve(r) > supply) break;
    release(site, site.held_from++);
  }
  if (site.battery.present()) ride_through(si);
}

bool LoadShed::pause(std::uint32_t si) {
  if (burn_in_ == nullptr) return false;
  const std::uint32_t r = burn_in_->pause(si);
  if (r == BurnIn::kNoRack) return false;
  sites_[si].paused_uw += reserve(r);
  return true;
}

void LoadShed::resume(std::uint32_t si, std::int64_t limit) {
  SiteShed& site = sites_[si];
  const std::int64_t reserved = power_.reserved_uw(si);
  while (site.paused_uw > 0) {
    const std::int64_t need = reserve(burn_in_->last_paused(si));
    if (reserved - site.held_uw - site.paused_uw + need > limit) break;
    site.paused_uw -= need;
    burn_in_->resume(si);
  }
}

// The battery carries what the supply does not (at most its MW: balance() held the rest).
void LoadShed::ride_through(std::uint32_t si) {
  SiteShed& site = sites_[si];
  const std::int64_t short_uw = power_.reserved_uw(si) - site.held_uw - site.paused_uw - supply_uw(si);
  const std::int64_t rate = std::clamp<std::int64_t>(short_uw, 0, site.battery.available_uw());
  if (rate == site.battery.rate_uw()) return;
  accrue(si);
  eng_.cancel(site.empty_event);
  const Tick when = site.battery.discharge(eng_.now(), rate);
  site.empty_event = when < kFarFuture ? eng_.schedule_at(when, on_empty_.id(), si) : EventId{};
}

void LoadShed::empty(std::uint64_t si64) {
  const auto si = static_cast<std::uint32_t>(si64);
  accrue(si);
  sites_[si].battery.emptied(eng_.now());
  sites_[si].empty_event = EventId{};
  balance(si);
}

double LoadShed::allowed_uw(std::uint32_t si) const {
  const SiteShed& site = sites_[si];
  std::int64_t supply = supply_uw(si);
  const auto* c = s_.sites[si].curtailment ? &*s_.sites[si].curtailment : nullptr;
  if (site.cut_uw > 0 && c != nullptr && c->rule == CurtailRule::interrupt) supply = std::min(supply, site.cap_uw);
  return static_cast<double>(supply) + static_cast<double>(std::max<std::int64_t>(0, site.battery.rate_uw()));
}

double LoadShed::over_uw(std::uint32_t si) const { return power_.facility_uw(si) - allowed_uw(si); }

void LoadShed::accrue(std::uint32_t si) {
  SiteShed& site = sites_[si];
  const double h = to_hours(eng_.now() - site.since);
  site.since = eng_.now();
  const double over = over_uw(si);
  if (h > 0 && over > 0) site.unserved_uwh += over * h;
}

double LoadShed::unserved_mwh(Tick now) const {
  double out = 0;
  for (std::uint32_t si = 0; si < sites_.size(); ++si) {
    const SiteShed& site = sites_[si];
    const double over = over_uw(si);
    out += units::uw_to_mw(site.unserved_uwh + (over > 0 ? over * to_hours(now - site.since) : 0.0));
  }
  return out;
}

void LoadShed::bind_columns(Recorder& rec) {
  if (!active_) return;
  rec.bind(columns::stranded_onsite_outage_gpu_days, [this] { return stranded_gpu_days(eng_.now()); });
}

PowerLedgerFigures LoadShed::ledger_figures() const {
  PowerLedgerFigures f;
  for (std::uint32_t si = 0; si < sites_.size(); ++si) {
    f.grid_mw.push_back(units::uw_to_mw(power_.grid_uw(si) - power_.non_grid_uw(si)));
    f.non_grid_mw.push_back(units::uw_to_mw(power_.non_grid_uw(si)));
    f.onsite_mw.push_back(units::uw_to_mw(power_.onsite_uw(si)));
    f.backup_mw.push_back(units::uw_to_mw(power_.backup_uw(si)));
    f.battery_mw.push_back(units::uw_to_mw(sites_[si].battery.available_uw()));
  }
  return f;
}

void LoadShed::bind_curtailment_columns(Recorder& rec) {
  if (!active_) return;
  rec.bind(columns::curtailed_mw, [this] {
    std::int64_t cut = 0;
    for (const SiteShed& site : sites_) cut += site.cut_uw;
    return units::uw_to_mw(cut);
  });
  rec.bind_sites(columns::curtailed_mw,
                 Recorder::per_site(sites_, [](const SiteShed& p) { return units::uw_to_mw(p.cut_uw); }));
}

}  // namespace gwsim

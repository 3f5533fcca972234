#include "model/cordon.hpp"

#include <algorithm>
#include <utility>

namespace gwsim {

Cordon::Cordon(Engine& eng, const Scenario& s, Inventory& inv, Capacity& capacity)
    : eng_(eng), s_(s), inv_(inv), capacity_(capacity), on_release_(*this, eng) {
  for (const Sku& k : s_.skus) active_ = active_ || k.tolerated_nodes_down >= 0;
  // the load shed (model/load_shed.hpp) holds racks where on-site generation may fail
  for (const Site& site : s_.sites) active_ = active_ || !site.generation.empty();
  active_ = active_ || s_.lifecycle.has_value();  // model/lifecycle.hpp retires racks through here
  if (s_.lemon_policy) {
    active_ = true;
    ring_size_ = s_.lemon_policy->failures;
  }
  for (const Sku& k : s_.skus) per_rack_ = per_rack_ || k.tolerated_nodes_down >= 0;
  per_rack_ = per_rack_ || s_.lemon_policy.has_value() || s_.lifecycle.has_value();
  may_retire_ = s_.lifecycle.has_value() || (s_.lemon_policy && s_.lemon_policy->action == LemonAction::retire);
  power_held_.assign(s_.sites.size(), 0);
}

Cordon::RackState& Cordon::state(std::uint32_t r) {
  if (r >= racks_.size()) {
    racks_.resize(r + 1);
    ring_.resize(racks_.size() * static_cast<std::size_t>(ring_size_));
  }
  return racks_[r];
}

std::uint32_t Cordon::take_held(std::uint32_t r, std::uint32_t lost) {
  if (!active_) return 0;
  RackState& st = state(r);
  const std::uint32_t from = std::min(lost, st.held);
  if (from > 0) {
    st.held -= from;
    capacity_.fail_cordoned(inv_.racks[r].site, from);
  }
  return from;
}

void Cordon::hold_all(std::uint32_t r, RackState& st, std::uint32_t down) {
  const Rack& rk = inv_.racks[r];
  const auto up = static_cast<std::uint32_t>(s_.skus[rk.sku].gpus_per_rack) - down - st.held;
  if (up == 0) return;
  st.held += up;
  capacity_.cordon(rk.site, rk.sku, r, up);
}

bool Cordon::failed(std::uint32_t r, std::uint32_t down) {
  if (!active_) return false;
  RackState& st = state(r);
  st.down = down;
  const Sku& k = s_.skus[inv_.racks[r].sku];
  if (k.tolerated_nodes_down >= 0 && !st.broken &&
      static_cast<std::int64_t>(down) > std::int64_t{k.tolerated_nodes_down} * k.gpus_per_node) {
    if (!holds(st)) ++racks_cordoned_;
    st.broken = true;
    hold_all(r, st, down);
  }
  return ring_size_ > 0 && policy(r, st, down);
}

// Notes the failure in the rack's ring of its last m failure times; acts when
// the m-th last is within the window of this one.
bool Cordon::policy(std::uint32_t r, RackState& st, std::uint32_t down) {
  if (st.retired) return false;
  const LemonPolicy& p = *s_.lemon_policy;
  Tick* ring = ring_.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(ring_size_);
  const Tick now = eng_.now();
  ring[st.ring_next] = now;
  st.ring_next = (st.ring_next + 1) % static_cast<std::uint32_t>(ring_size_);
  st.ring_count = std::min<std::uint32_t>(st.ring_count + 1, static_cast<std::uint32_t>(ring_size_));
  if (st.ring_count < static_cast<std::uint32_t>(ring_size_)) return false;
  const Tick oldest = ring[st.ring_next];  // the m-th last failure
  if (now - oldest > ticks_from_days(p.window_days)) return false;
  st.ring_count = 0;
  const bool was_held = holds(st);
  hold_all(r, st, down);
  if (p.action == LemonAction::retire) {
    st.retired = true;
    ++racks_retired_;
    if (site_retired_.empty()) site_retired_.assign(s_.sites.size(), 0);
    ++site_retired_[inv_.racks[r].site];
    capacity_.retire(inv_.racks[r].site, inv_.racks[r].sku);
    if (on_retired_) on_retired_(r);
    return true;
  }
  if (!was_held) ++racks_cordoned_;
  if (!st.policy_hold) {
    st.policy_hold = true;
    eng_.schedule_at(clamp_to_future(now + ticks_from_days(p.cordon_days)), on_release_.id(), r);
  }
  return false;
}

void Cordon::repaired(std::uint32_t site, std::uint32_t sku, std::uint32_t r, std::uint32_t down, std::int64_t gpus) {
  if (!active_) {
    capacity_.bring_up(site, sku, r, gpus);
    return;
  }
  RackState& st = state(r);
  st.down = down;
  const Sku& k = s_.skus[sku];
  if (st.broken && static_cast<std::int64_t>(down) <= std::int64_t{k.tolerated_nodes_down} * k.gpus_per_node)
    st.broken = false;
  if (holds(st)) {
    capacity_.repaired_to_cordon(site, gpus);
    if (st.gone) capacity_.leave(site, gpus);
    else st.held += static_cast<std::uint32_t>(gpus);
    return;
  }
  capacity_.bring_up(site, sku, r, gpus);
  if (st.held > 0) capacity_.uncordon(site, sku, r, std::exchange(st.held, 0u));
}

// The lemon policy's cordon ends: the rack returns unless the rule still holds it.
void Cordon::release(std::uint64_t r64) {
  const auto r = static_cast<std::uint32_t>(r64);
  RackState& st = state(r);
  st.policy_hold = false;
  if (holds(st) || st.held == 0) return;
  const Rack& rk = inv_.racks[r];
  capacity_.uncordon(rk.site, rk.sku, r, std::exchange(st.held, 0u));
}

// With load shedding alone, the rack's state may be stale (its site was not
// tracked): its GPUs down come from the failure model.
void Cordon::power_hold(std::uint32_t r) {
  RackState& st = state(r);
  if (!per_rack_ && down_of_) st.down = down_of_(r);
  if (!st.power_hold) ++power_held_[inv_.racks[r].site];
  st.power_hold = true;
  hold_all(r, st, st.down);
}

void Cordon::power_release(std::uint32_t r) {
  RackState& st = state(r);
  if (st.power_hold) --power_held_[inv_.racks[r].site];
  st.power_hold = false;
  if (holds(st) || st.held == 0) return;
  const Rack& rk = inv_.racks[r];
  capacity_.uncordon(rk.site, rk.sku, r, std::exchange(st.held, 0u));
}

bool Cordon::retire_for_life(std::uint32_t r) {
  RackState& st = state(r);
  if (st.retired) return false;
  hold_all(r, st, st.down);
  st.retired = true;
  st.gone = true;
  const Rack& rk = inv_.racks[r];
  if (site_retired_.empty()) site_retired_.assign(s_.sites.size(), 0);
  ++site_retired_[rk.site];
  capacity_.retire(rk.site, rk.sku);
  capacity_.leave(rk.site, std::exchange(st.held, 0u));
  if (on_retired_) on_retired_(r);
  return true;
}

}  // namespace gwsim

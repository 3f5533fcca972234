// gwsim/sim/model/cordon.hpp -- racks held out of service without having
// failed (docs/model.md, "Cordon rule" and "Lemon policy"):
//  * the cordon rule (Sku::tolerated_nodes_down = t >= 0): a rack with more
//    than t nodes' worth of GPUs down has its other GPUs cordoned too, until
//    repairs bring it back within the rule;
//  * the lemon policy (Scenario::lemon_policy): after `failures` failures of
//    one rack within `window_days`, the rack is cordoned for `cordon_days` or
//    retired for good.
// Per-rack state is kept only when one of them is set; a rack's cordoned GPUs
// are either none or all those not down (its GPUs up are then 0).
// With load shedding alone (no rule, policy or lifecycle), a rack's state
// matters only while the shed holds it: failures and repairs at a site with
// no rack held skip the cordon (tracks()), and a rack's GPUs down when it is
// held come from the failure model (set_down_source()), not from its state.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "core/engine.hpp"
#include "model/capacity.hpp"
#include "model/inventory.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class Cordon {
 public:
  Cordon(Engine& eng, const Scenario& s, Inventory& inv, Capacity& capacity);

  // Whether any rule or policy is set (else every call below is a no-op).
  bool active() const { return active_; }
  // Whether a failure or repair at site `si` must go through the calls below:
  // always with a rule, policy or lifecycle; with load shedding alone, only
  // while the shed holds a rack of the site (the calls are then the plain ones).
  bool tracks(std::uint32_t si) const { return per_rack_ || power_held_[si] > 0; }
  // Where power_hold() reads a rack's GPUs down (the failure model's count).
  void set_down_source(std::function<std::uint32_t(std::uint32_t)> down_of) { down_of_ = std::move(down_of); }
  std::uint32_t held(std::uint32_t r) const { return r < racks_.size() ? racks_[r].held : 0; }
  // Read on every failure: no per-rack read unless a rack can be retired at all.
  bool retired(std::uint32_t r) const { return may_retire_ && r < racks_.size() && racks_[r].retired; }

  // A failure is about to take `lost` GPUs of rack `r`: those it takes from
  // the cordoned ones (the capacity moved), the rest come from GPUs up.
  std::uint32_t take_held(std::uint32_t r, std::uint32_t lost);
  // After a failure of rack `r`, whose GPUs down are now `down`: applies the
  // rule, then the lemon policy. Returns true if the policy retired the rack.
  bool failed(std::uint32_t r, std::uint32_t down);
  // A repair of `gpus` GPUs of rack `r` (of `sku` at `site`) ended (its GPUs
  // down are now `down`): the repaired GPUs come up, or stay cordoned with the
  // rack. Site and SKU come from the repair work: reading the rack's record
  // here costs a cache miss per repair on large fleets.
  void repaired(std::uint32_t site, std::uint32_t sku, std::uint32_t r, std::uint32_t down, std::int64_t gpus);
  // Load shedding (model/load_shed.hpp): rack `r` in service is held for want
  // of power (its GPUs up are cordoned), or released (they return unless a
  // rule or policy still holds the rack). Not counted in racks_cordoned().
  void power_hold(std::uint32_t r);
  void power_release(std::uint32_t r);
  // The fleet lifecycle (model/lifecycle.hpp) retires rack `r` in service: as
  // the lemon policy's retire, but its GPUs leave the fleet (those down leave
  // when repaired). False if it was retired before. Not in racks_retired().
  bool retire_for_life(std::uint32_t r);
  // `f(r)` is told of each rack retired, by the lemon policy or the lifecycle,
  // after it left service (the money model stops its depreciation).
  void on_retired(std::function<void(std::uint32_t r)> f) { on_retired_ = std::move(f); }

  std::int64_t racks_cordoned() const { return racks_cordoned_; }  // rule or policy, times
  std::int64_t racks_retired() const { return racks_retired_; }
  std::int64_t racks_retired(std::uint32_t site) const { return site < site_retired_.size() ? site_retired_[site] : 0; }

 private:
  struct RackState {
    std::uint32_t held = 0;    // GPUs cordoned
    bool broken = false;       // more nodes down than the rule tolerates
    bool policy_hold = false;  // cordoned by the lemon policy, until `release`
    bool power_hold = false;   // held by the load shed
    bool retired = false;
    bool gone = false;                            // retired by the lifecycle: its GPUs leave the fleet
    std::uint32_t ring_next = 0, ring_count = 0;  // the policy's last failure times, in ring_
    std::uint32_t down = 0;                       // GPUs down (as of the last failure or repair)
  };
  RackState& state(std::uint32_t r);
  bool holds(const RackState& st) const { return st.broken || st.policy_hold || st.retired || st.power_hold; }
  void hold_all(std::uint32_t r, RackState& st, std::uint32_t down);
  bool policy(std::uint32_t r, RackState& st, std::uint32_t down);
  void release(std::uint64_t r);

  Engine& eng_;
  const Scenario& s_;
  Inventory& inv_;
  Capacity& capacity_;
  bool active_ = false;
  bool per_rack_ = false;                 // a rule, policy or lifecycle: every failure and repair is tracked
  bool may_retire_ = false;               // the lemon policy retires, or a lifecycle is set
  std::vector<std::int64_t> power_held_;  // per site: racks the shed holds
  std::function<std::uint32_t(std::uint32_t)> down_of_;  // a rack's GPUs down (else its state's)
  std::function<void(std::uint32_t)> on_retired_;
  int ring_size_ = 0;  // the policy's failures (0: no policy)
  std::vector<RackState> racks_;
  std::vector<Tick> ring_;  // ring_size_ per rack
  std::int64_t racks_cordoned_ = 0, racks_retired_ = 0;
  std::vector<std::int64_t> site_retired_;
  MemberHandler<Cordon, &Cordon::release> on_release_;
};

}  // namespace gwsim

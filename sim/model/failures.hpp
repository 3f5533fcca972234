// gwsim/sim/model/failures.hpp -- failures of racks in service and their
// blast radius.
//
// Each SKU's failure classes have an MTBF per GPU, a Weibull shape and a
// blast radius (a GPU, a node or the whole rack). A failure takes down the
// GPUs of its blast radius that are still up and queues one repair
// (model/repairs.hpp). Two clocks, both drawing from the "failures" stream:
//  * exponential SKUs (every class of shape 1): racks of one (site, SKU) form a
//    cohort with one pending event; the superposition of its n racks' Poisson
//    processes is one of rate n x lambda, the rack that failed is uniform among
//    them and its class is drawn in proportion to the class rates;
//  * other SKUs: each rack has competing Weibull clocks, restarted at each
//    failure (a renewal approximation).
// Lemons (Sku::lemons): whether a rack is a lemon is drawn when it enters
// service (the "lemons" stream); lemon racks of a (site, SKU) form a cohort of
// their own at rate_multiplier times the rate, and a lemon's Weibull scales
// are divided by rate_multiplier. Two-stage repair and the cordon rule:
// model/repairs.hpp, model/cordon.hpp.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/random/discrete_distribution.hpp>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "model/capacity.hpp"
#include "model/cordon.hpp"
#include "model/inventory.hpp"
#include "model/repairs.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class Failures {
 public:
  Failures(Engine& eng, const Scenario& s, const RandomStreams& streams, Inventory& inv, Capacity& capacity,
           Cordon& cordon, Repairs& repairs, Tick horizon);

  // Rack `r` entered service: starts its failure clock.
  void start_clock(std::uint32_t r);
  // Rack `r` retired by the lifecycle (model/lifecycle.hpp): its cohort's rate drops
  // (a rack with its own clock stops at its next failure).
  void retired(std::uint32_t r);
  // Repair work of a rack or cohort member is done: its GPUs come up.
  void repaired(const RepairWork& work);
  // A repair that did not fix the fault: the rack fails again (same class and GPUs).
  void refail(const RepairWork& work);
  // A replayed failure (model/failure_replay.hpp); false if skipped (no such rack in service).
  bool replay(const ReplayedFailure& f);
  // The class whose repair a rework after a failed burn-in takes: the most
  // frequent node-level class (the first class if none is node-level).
  std::uint32_t rework_class(std::uint32_t sku) const { return static_cast<std::uint32_t>(skus_[sku].rework_class); }
  std::int64_t failures() const { return failures_; }
  std::int64_t failures_from_lemons() const { return from_lemons_; }
  std::int64_t lemon_racks() const { return lemon_racks_; }

 private:
  void rack_failure(std::uint64_t r);
  void cohort_failure(std::uint64_t c);
  // Returns true if the lemon policy retired the rack.
  bool fail(std::uint32_t si, std::uint32_t sku, std::uint32_t rack, std::uint32_t& down, std::uint32_t cls,
            RepairKind kind, std::uint32_t a, std::uint32_t b, RepairStep step);
  // fail() with no reliability feature set (plain_): no lemon, cordon or stage check.
  void fail_plain(std::uint32_t si, std::uint32_t sku, std::uint32_t rack, std::uint32_t& down, std::uint32_t cls,
                  RepairKind kind, std::uint32_t a, std::uint32_t b);
  RepairStep first_step(std::uint32_t si) const {
    return stages_ && s_.sites[si].repair_stages ? RepairStep::automated : RepairStep::single;
  }
  [[gnu::noinline]] void repaired_cordon(const RepairWork& work);  // out of line: no spill on the plain path
  bool is_lemon(std::uint32_t r) const { return r < lemon_.size() && lemon_[r] != 0; }
  // Rack `r`'s GPUs down now (its cohort slot's count, or its inventory record's).
  std::uint32_t down_of(std::uint32_t r) const;
  void fail_rack(std::uint32_t r, std::uint32_t cls);
  void schedule_rack(std::uint32_t r);
  void join_cohort(std::uint32_t r);
  struct Cohort;
  void schedule_cohort(Cohort& co, std::uint32_t c);

  struct SkuFailures {
    bool all_exponential = true;
    double rate_per_hour = 0;  // rack failure rate, all classes (exponential case)
    std::vector<double> class_rates;
    boost::random::discrete_distribution<std::size_t, double> pick_class;  // in proportion to rates
    std::vector<double> weibull_scale_hours;                               // per class, per rack
    std::size_t rework_class = 0;
  };
  struct Cohort {
    std::uint32_t site;
    std::uint32_t sku;
    std::vector<std::uint32_t> down;   // GPUs down, per member rack (retired racks stay members)
    std::vector<std::uint32_t> racks;  // per member: its index in the inventory
    EventId next;
    double rate_per_hour_per_rack = 0;  // the SKU's, times rate_multiplier for lemons
    std::uint32_t retired = 0;          // members retired by the lemon policy (never drawn)
  };

  Engine& eng_;
  const Scenario& s_;
  RandomEngine rng_;
  RandomEngine lemon_rng_;
  Inventory& inv_;
  Capacity& capacity_;
  Cordon& cordon_;
  Repairs& repairs_;
  Tick horizon_;
  std::vector<SkuFailures> skus_;
  std::vector<Cohort> cohorts_;
  std::unordered_map<std::uint64_t, std::uint32_t> cohort_index_;  // (site, SKU) -> cohort
  std::int64_t failures_ = 0, from_lemons_ = 0, lemon_racks_ = 0;
  std::vector<std::uint8_t> lemon_;  // per rack (by inventory index), with lemons only
  // Decided at construction, so that a feature that is off costs nothing per
  // failure or repair: no SKU has lemons, no cordon rule or policy, no site has
  // repair stages, no replay (plain_: all four).
  bool lemons_ = false, stages_ = false, cordon_on_ = false, plain_ = true;
  // With a failure replay only: per site its racks in order of entering service;
  // per rack its (cohort, slot), or kNoCohort (member_: with a cordon too).
  static constexpr std::uint32_t kNoCohort = 0xFFFFFFFFu;
  bool replay_ = false, stochastic_ = true;
  RandomEngine replay_rng_;
  std::vector<std::vector<std::uint32_t>> site_racks_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> member_;
  std::vector<EventId> rack_next_;  // per rack with its own clock: its pending failure (to restart it)
  MemberHandler<Failures, &Failures::rack_failure> on_rack_;
  MemberHandler<Failures, &Failures::cohort_failure> on_cohort_;
};

}  // namespace gwsim

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
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include <boost/random/discrete_distribution.hpp>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "model/capacity.hpp"
#include "model/inventory.hpp"
#include "model/repairs.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class Failures {
 public:
  Failures(Engine& eng, const Scenario& s, const RandomStreams& streams, Inventory& inv, Capacity& capacity,
           Repairs& repairs, Tick horizon);

  // Rack `r` entered service: starts its failure clock.
  void start_clock(std::uint32_t r);
  // Repair work of a rack or cohort member is done: its GPUs come up.
  void repaired(const RepairWork& work);
  // The class whose repair a rework after a failed burn-in takes: the most
  // frequent node-level class (the first class if none is node-level).
  std::uint32_t rework_class(std::uint32_t sku) const { return static_cast<std::uint32_t>(skus_[sku].rework_class); }
  std::int64_t failures() const { return failures_; }

 private:
  void rack_failure(std::uint64_t r);
  void cohort_failure(std::uint64_t c);
  void fail(std::uint32_t si, std::uint32_t sku, std::uint32_t rack, std::uint32_t& down, std::uint32_t cls,
            RepairKind kind, std::uint32_t a, std::uint32_t b);
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
    std::vector<std::uint32_t> down;   // GPUs down, per member rack (racks never leave service)
    std::vector<std::uint32_t> racks;  // per member: its index in the inventory
    EventId next;
  };

  Engine& eng_;
  const Scenario& s_;
  RandomEngine rng_;
  Inventory& inv_;
  Capacity& capacity_;
  Repairs& repairs_;
  Tick horizon_;
  std::vector<SkuFailures> skus_;
  std::vector<Cohort> cohorts_;
  std::unordered_map<std::uint64_t, std::uint32_t> cohort_index_;  // (site, SKU) -> cohort
  std::int64_t failures_ = 0;
  MemberHandler<Failures, &Failures::rack_failure> on_rack_;
  MemberHandler<Failures, &Failures::cohort_failure> on_cohort_;
};

}  // namespace gwsim

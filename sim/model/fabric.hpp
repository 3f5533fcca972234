// gwsim/sim/model/fabric.hpp -- scale-out fabric domains and the largest
// training run that could start now (docs/jobs.md, "Fabric domains").
//
// At each site, the racks of one building, in the order they enter service,
// form domains (pods) of Site::racks_per_domain racks; the last domain of a
// building may be smaller, and a domain never spans buildings. With
// racks_per_domain 0 the whole site is one domain. A rack is healthy when
// its GPUs down are at most Sku::tolerated_nodes_down x gpus_per_node (with
// no rule, -1, every rack is); a domain's healthy GPUs are the GPUs up of its
// healthy racks.
//
// Per site it keeps the largest domain's healthy GPUs (a run within one
// domain) and the healthy GPUs of all its domains (a multi-domain run).
// Incremental: a CapacityListener; each change of a rack's GPUs up touches
// the rack, its domain and one O(log domains) max-tree of its site.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "model/capacity.hpp"
#include "model/recorder.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

// The maximum of a growing array of non-negative values, kept in a segment
// tree: set() and push() in O(log n) (amortized for push), max() in O(1).
class MaxTree {
 public:
  // Appends a value 0; returns its index.
  std::size_t push();
  void set(std::size_t i, std::int64_t v);
  std::int64_t max() const { return leaves_ == 0 ? 0 : tree_[1]; }
  std::size_t size() const { return size_; }

 private:
  std::vector<std::int64_t> tree_;  // tree_[leaves_ + i] is value i; tree_[1] the root
  std::size_t leaves_ = 0, size_ = 0;
};

class Fabric final : public CapacityListener {
 public:
  // `building_of(rack)`: the building (index into its site's buildings) of a
  // rack that entered service (model/admission.hpp). `on_largest(site, gpus)`
  // is called when a site's largest single-domain run changes (may be empty).
  Fabric(const Scenario& s, std::function<std::uint32_t(std::uint32_t rack)> building_of,
         std::function<void(std::uint32_t site, std::int64_t gpus)> on_largest);

  void gpus_up(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) override;
  void gpus_down(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) override;

  // True when every site is one domain, no SKU has a health rule and no
  // milestone follows the largest run: the figures are then each site's GPUs
  // up, which `mirror` (the capacity) already counts. The buildout then reads
  // them from it instead of making the fabric a listener: no cost per event
  // (measured: the listener was 6% of the scaled portfolio's instructions).
  bool trivial() const { return trivial_; }
  void mirror(const Capacity& capacity) { mirror_ = &capacity; }

  // GPUs of the largest run that could start now within one domain of `site`.
  std::int64_t largest_run_gpus(std::uint32_t site) const {
    return mirror_ != nullptr ? mirror_->site_gpus_up(site) : sites_[site].domains.max();
  }
  // ... across the domains of `site` (a multi-domain run): its healthy GPUs.
  std::int64_t multi_domain_run_gpus(std::uint32_t site) const {
    return mirror_ != nullptr ? mirror_->site_gpus_up(site) : sites_[site].healthy;
  }
  // Domains formed at `site` so far, and the size in racks of domain `d` (in order of forming).
  std::size_t domains(std::uint32_t site) const { return sites_[site].domains.size(); }
  std::int64_t domain_racks(std::uint32_t site, std::size_t d) const;
  // The domain (site-local index, in order of forming) of rack `rack` once it
  // entered service at a site with racks_per_domain > 0; kNoDomain otherwise.
  // The job model reads it when it hears the rack's first gpus_up: the fabric
  // is registered before it, so it has placed the rack already.
  static constexpr std::uint32_t kNoDomain = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t domain_of(std::uint32_t rack) const {
    return rack < racks_.size() && racks_[rack].domain != kNone ? domains_[racks_[rack].domain].slot : kNoDomain;
  }

  void bind_columns(Recorder& rec);

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  struct RackState {
    std::uint32_t domain = kNone;  // index into domains_
    std::uint32_t up = 0;          // GPUs up
  };
  struct Domain {
    std::uint32_t site = 0;
    std::uint32_t slot = 0;    // index into its site's tree
    std::int64_t racks = 0;    // racks that joined it
    std::int64_t healthy = 0;  // GPUs up of its healthy racks
  };
  struct SiteState {
    MaxTree domains;               // healthy GPUs per domain
    std::int64_t healthy = 0;      // over all its domains
    std::uint32_t first_open = 0;  // index into open_ of its first building
    std::uint32_t whole = kNone;   // with racks_per_domain 0: its one domain
  };
  struct SkuRule {
    std::int64_t gpus_per_rack = 0;
    std::int64_t max_down = -1;  // GPUs down tolerated; -1: no rule
  };

  bool trivial_ = true;
  const Capacity* mirror_ = nullptr;

  std::uint32_t join_domain(std::uint32_t site, std::uint32_t rack);
  std::uint32_t new_domain(std::uint32_t site);
  std::int64_t healthy(std::uint32_t sku, std::uint32_t up) const {
    const SkuRule& k = skus_[sku];
    return k.max_down < 0 || k.gpus_per_rack - up <= k.max_down ? up : 0;
  }
  void change(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus);
  void add(std::uint32_t site, std::uint32_t domain, std::int64_t delta);
  bool whole_site(std::uint32_t site, std::uint32_t sku) const;

  const Scenario& s_;
  std::function<std::uint32_t(std::uint32_t)> building_of_;
  std::function<void(std::uint32_t, std::int64_t)> on_largest_;
  std::vector<SkuRule> skus_;
  std::vector<SiteState> sites_;
  std::vector<std::uint32_t> open_;  // per (site, building): the domain being filled, or kNone
  std::vector<Domain> domains_;
  std::vector<RackState> racks_;  // per rack id
  std::vector<bool> entered_;     // per rack id, at sites of one domain for SKUs without a rule: in service
};

}  // namespace gwsim

// gwsim/sim/jobs/gpu_sites.hpp -- the GPUs of each site as capacity for
// jobs and inference: those up in service (from the buildout model, by SKU
// and rack) and those busy, with totals over the sites. The counts are what
// placement and backfilling read; the GPUs themselves, rack by rack, are in
// a RackPool (jobs/rack_pool.hpp), which says which jobs a failure hits.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "jobs/capacity.hpp"
#include "jobs/rack_pool.hpp"
#include "model/fabric.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

struct GpuSite : Capacity {
  std::int64_t inference = 0;           // GPUs serving inference (counted in busy)
  std::vector<std::int64_t> up_by_sku;  // GPUs up, by SKU
};

class GpuSites {
 public:
  // `sites` sites; by SKU: `fp8_pflops_per_gpu` and `gpus_per_node` (1 if not given).
  GpuSites(std::size_t sites, std::vector<double> fp8_pflops_per_gpu, std::vector<std::uint32_t> gpus_per_node = {});

  std::size_t size() const { return sites_.size(); }
  GpuSite& operator[](std::size_t site) { return sites_[site]; }
  const GpuSite& operator[](std::size_t site) const { return sites_[site]; }
  const std::vector<GpuSite>& sites() const { return sites_; }

  std::int64_t up_gpus() const { return up_total_; }
  std::int64_t busy_gpus() const { return busy_total_; }  // jobs and inference
  double utilization() const {
    return up_total_ > 0 ? static_cast<double>(busy_total_) / static_cast<double>(up_total_) : 0.0;
  }

  // Racks entering service at sites with racks_per_domain > 0 take the
  // domain `fabric` gave them (it hears of them first: model/buildout.cpp
  // registers it before any job model).
  void use_fabric(const Scenario& s, const Fabric& fabric);

  // `gpus` of SKU `sku` came up at `site` in the inventory's rack `rack`:
  // the rack enters service (the first time; in fabric domain `domain` of
  // the site, kAnyDomain if it has none) or GPUs return from repair.
  void bring_up(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus,
                std::uint32_t domain = kAnyDomain) {
    if (racks_.known(rack)) {
      racks_.bring_up(rack, static_cast<std::uint32_t>(gpus));
    } else {
      if (domain == kAnyDomain && fabric_ != nullptr && domain_site_[site]) domain = fabric_->domain_of(rack);
      racks_.add_rack(site, rack, static_cast<std::uint32_t>(gpus), gpus_per_node_[sku], domain);
    }
    change_up(site, sku, gpus);
  }
  // `gpus` of SKU `sku` at `site` in rack `rack` fail (jobs/rack_pool.hpp says
  // which; at most one draw from `rng`). The GPUs serving inference there are
  // no longer busy (the inference service is told by the caller); the jobs
  // returned are still running and must be interrupted (release() them).
  const FailureHits& take_down(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus,
                               RandomEngine& rng) {
    const FailureHits& hits = racks_.fail(rack, static_cast<std::uint32_t>(gpus), rng);
    change_up(site, sku, -gpus);
    sites_[site].inference -= hits.inference;
    sites_[site].busy -= hits.inference;
    busy_total_ -= hits.inference;
    return hits;
  }
  // `gpus` more GPUs at `site` serve inference (fewer, if negative): packed
  // like a job's, given back from the lowest-numbered racks.
  void change_inference(std::uint32_t site, std::int64_t gpus) {
    if (gpus > 0) {
      racks_.take(site, kInferenceGpu, gpus, scratch_);
      scratch_.clear();
    } else {
      racks_.give_inference(site, -gpus);
    }
    sites_[site].inference += gpus;
    sites_[site].busy += gpus;
    busy_total_ += gpus;
  }
  // Job `job` holds `gpus` at `site` (within fabric domain `domain`, if not
  // kAnyDomain) until `end` (expected); its GPUs are appended to `held`;
  // returns its slot.
  WeightedSampler::Slot hold(std::uint32_t site, std::uint64_t job, std::int64_t gpus, Tick end,
                             std::vector<GpuSeg>& held, std::uint32_t domain = kAnyDomain) {
    busy_total_ += gpus;
    racks_.take(site, job, gpus, held, domain);
    return sites_[site].hold(job, gpus, end);
  }
  // Undoes the counts of hold() at one site (the same arguments and the slot it returned).
  void release(std::size_t site, std::uint64_t job, std::int64_t gpus, Tick end, WeightedSampler::Slot slot) {
    busy_total_ -= gpus;
    sites_[site].release(job, gpus, end, slot);
  }
  // Job `job`'s hold at `site` (hold()'s `gpus`, `end` and slot) becomes
  // `new_gpus` until `new_end` (counts only: take_more() and failures move
  // the GPUs themselves; jobs/standby.hpp); returns its new slot.
  WeightedSampler::Slot rehold(std::uint32_t site, std::uint64_t job, std::int64_t gpus, Tick end,
                               WeightedSampler::Slot slot, std::int64_t new_gpus, Tick new_end) {
    busy_total_ += new_gpus - gpus;
    sites_[site].release(job, gpus, end, slot);
    return sites_[site].hold(job, new_gpus, new_end);
  }
  // Job `job` takes `gpus` more free GPUs at `site` (appended to `held`; rehold() counts them).
  void take_more(std::uint32_t site, std::uint64_t job, std::int64_t gpus, std::vector<GpuSeg>& held) {
    racks_.take(site, job, gpus, held);
  }
  // Frees the GPUs job `job` holds (all its sites' holds) and clears `held`.
  void free_held(std::uint64_t job, std::vector<GpuSeg>& held) {
    racks_.give(job, held);
    held.clear();
  }
  const RackPool& racks() const { return racks_; }
  // The healthy GPUs of the largest fabric domain at `site` (model/fabric.hpp); -1 if it has no domains.
  std::int64_t largest_domain_gpus(std::uint32_t site) const {
    return fabric_ != nullptr && domain_site_[site] ? fabric_->largest_run_gpus(site) : -1;
  }
  // The largest run within one fabric domain that could start now on free
  // GPUs: the most free GPUs of one domain (of a site without domains: its
  // free GPUs), largest over sites. O(sites).
  std::int64_t largest_free_run_gpus() const {
    std::int64_t out = 0;
    for (std::uint32_t si = 0; si < sites_.size(); ++si)
      out = std::max(out, racks_.has_domains(si) ? racks_.largest_free_domain(si) : sites_[si].free());
    return out;
  }

  // Mean dense FP8 PFLOPS of the GPUs up at `site` (its SKU mix now); 0 with none up.
  double mean_fp8_pflops(std::size_t site) const;

 private:
  std::vector<GpuSite> sites_;
  // `gpus` of SKU `sku` came up at `site` (went down, if negative): the counts.
  void change_up(std::size_t site, std::uint32_t sku, std::int64_t gpus) {
    sites_[site].up += gpus;
    sites_[site].up_by_sku[sku] += gpus;
    up_total_ += gpus;
  }

  std::vector<double> fp8_pflops_per_gpu_;    // by SKU
  std::vector<std::uint32_t> gpus_per_node_;  // by SKU
  RackPool racks_;
  const Fabric* fabric_ = nullptr;
  std::vector<bool> domain_site_;  // by site: racks_per_domain > 0
  std::vector<GpuSeg> scratch_;
  std::int64_t up_total_ = 0, busy_total_ = 0;
};

}  // namespace gwsim::detail

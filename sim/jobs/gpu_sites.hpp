// gwsim/sim/jobs/gpu_sites.hpp -- the GPUs of each site as capacity for
// jobs and inference: those up in service (from the buildout model, by SKU)
// and those busy, with totals over the sites.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "jobs/capacity.hpp"

namespace gwsim::detail {

struct GpuSite : Capacity {
  std::int64_t inference = 0;           // GPUs serving inference (counted in busy)
  std::vector<std::int64_t> up_by_sku;  // GPUs up, by SKU
};

class GpuSites {
 public:
  // `sites` sites; `fp8_pflops_per_gpu` by SKU.
  GpuSites(std::size_t sites, std::vector<double> fp8_pflops_per_gpu);

  std::size_t size() const { return sites_.size(); }
  GpuSite& operator[](std::size_t site) { return sites_[site]; }
  const GpuSite& operator[](std::size_t site) const { return sites_[site]; }
  const std::vector<GpuSite>& sites() const { return sites_; }

  std::int64_t up_gpus() const { return up_total_; }
  std::int64_t busy_gpus() const { return busy_total_; }  // jobs and inference
  double utilization() const {
    return up_total_ > 0 ? static_cast<double>(busy_total_) / static_cast<double>(up_total_) : 0.0;
  }

  // `gpus` of SKU `sku` came up at `site` (went down, if negative).
  void change_up(std::size_t site, std::uint32_t sku, std::int64_t gpus) {
    sites_[site].up += gpus;
    sites_[site].up_by_sku[sku] += gpus;
    up_total_ += gpus;
  }
  // `gpus` at `site` become busy (free, if negative) without a job: inference.
  void change_busy(std::size_t site, std::int64_t gpus) {
    sites_[site].busy += gpus;
    busy_total_ += gpus;
  }
  // Job `job` holds `gpus` at `site` until `end` (expected); returns its slot.
  WeightedSampler::Slot hold(std::size_t site, std::uint64_t job, std::int64_t gpus, Tick end) {
    busy_total_ += gpus;
    return sites_[site].hold(job, gpus, end);
  }
  // Undoes hold() (the same arguments and the slot it returned).
  void release(std::size_t site, std::uint64_t job, std::int64_t gpus, Tick end, WeightedSampler::Slot slot) {
    busy_total_ -= gpus;
    sites_[site].release(job, gpus, end, slot);
  }

  // Mean dense FP8 PFLOPS of the GPUs up at `site` (its SKU mix now); 0 with none up.
  double mean_fp8_pflops(std::size_t site) const;

 private:
  std::vector<GpuSite> sites_;
  std::vector<double> fp8_pflops_per_gpu_;  // by SKU
  std::int64_t up_total_ = 0, busy_total_ = 0;
};

}  // namespace gwsim::detail

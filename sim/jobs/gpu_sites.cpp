#include "jobs/gpu_sites.hpp"

#include <utility>

namespace gwsim::detail {

GpuSites::GpuSites(std::size_t sites, std::vector<double> fp8_pflops_per_gpu, std::vector<std::uint32_t> gpus_per_node)
    : sites_(sites),
      fp8_pflops_per_gpu_(std::move(fp8_pflops_per_gpu)),
      gpus_per_node_(std::move(gpus_per_node)),
      racks_(sites) {
  gpus_per_node_.resize(fp8_pflops_per_gpu_.size(), 1);
  for (GpuSite& site : sites_) site.up_by_sku.assign(fp8_pflops_per_gpu_.size(), 0);
}

void GpuSites::use_fabric(const Scenario& s, const Fabric& fabric) {
  domain_site_.assign(sites_.size(), false);
  bool any = false;
  for (std::size_t si = 0; si < s.sites.size() && si < sites_.size(); ++si) {
    domain_site_[si] = s.sites[si].racks_per_domain > 0;
    any = any || domain_site_[si];
  }
  fabric_ = any ? &fabric : nullptr;
}

double GpuSites::mean_fp8_pflops(std::size_t site) const {
  const GpuSite& s = sites_[site];
  double pf = 0;
  std::int64_t n = 0;
  for (std::size_t k = 0; k < s.up_by_sku.size(); ++k) {
    pf += static_cast<double>(s.up_by_sku[k]) * fp8_pflops_per_gpu_[k];
    n += s.up_by_sku[k];
  }
  return n > 0 ? pf / static_cast<double>(n) : 0.0;
}

}  // namespace gwsim::detail

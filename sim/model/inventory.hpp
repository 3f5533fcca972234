// gwsim/sim/model/inventory.hpp -- the racks delivered so far and the
// per-(site, SKU) counts: plain state that the components share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/summary.hpp"

namespace gwsim {

// One record per delivered rack, indexed by rack id (in order of delivery);
// an event on a rack touches one 16-byte record, one cache line.
struct Rack {
  std::uint32_t site;
  std::uint32_t sku;
  std::uint32_t down;        // GPUs down (failed or in repair)
  std::uint32_t next_class;  // failure class of the rack's pending failure (own clocks only)
};

class Inventory {
 public:
  Inventory(std::size_t sites, std::size_t skus) : skus_(skus), cells_(sites * skus) {
    for (std::size_t si = 0; si < sites; ++si)
      for (std::size_t k = 0; k < skus; ++k) {
        cell(static_cast<std::uint32_t>(si), static_cast<std::uint32_t>(k)).site = static_cast<std::uint32_t>(si);
        cell(static_cast<std::uint32_t>(si), static_cast<std::uint32_t>(k)).sku = static_cast<std::uint32_t>(k);
      }
  }

  SiteSkuCount& cell(std::uint32_t site, std::uint32_t sku) { return cells_[site * skus_ + sku]; }
  // Site-major, one per (site, SKU).
  const std::vector<SiteSkuCount>& cells() const { return cells_; }

  std::vector<Rack> racks;

 private:
  std::size_t skus_;
  std::vector<SiteSkuCount> cells_;
};

}  // namespace gwsim

// gwsim/sim/model/contract_ramp.hpp -- what a contract commits and what it
// gets (docs/money.md, "Contracts"): the GPU-hours of its committed ramp (a
// step function, integrated in closed form) and the GPU-hours that its
// capacity has up within its term, per SKU, integrated exactly at every
// change that capacity reports.
//
// A contract's capacity is the (site, SKU) cells of the orders that name it,
// each weighted by the share of the cell's racks ordered under it (exact when
// the orders of a cell name one contract); when no order names it, every cell
// of its provider's sites (weight 1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/engine.hpp"
#include "core/time.hpp"
#include "model/capacity.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

// Hours of [from, to] inside [lo, hi] (0 if they do not meet).
double overlap_hours(Tick from, Tick to, Tick lo, Tick hi);

// GPU-hours that `ramp` commits over [from, to]: the sum over its steps of
// gpus[i] x the hours of [dates[i], dates[i + 1]) inside [from, to].
double ramp_gpu_hours(const ContractRamp& ramp, Tick from, Tick to);

// A contract's term end: start + term_years.
Tick term_end(const Contract& k);

// Whether a contract uses issue 17's terms (a ramp, SKU prices, late credits)
// or is named by an order: then its GPU-hours are tracked per SKU.
bool contract_tracked(const Scenario& s, std::size_t c);

class ContractTracks final : public CapacityListener {
 public:
  ContractTracks(const Engine& eng, const Scenario& s);

  // Whether any contract is tracked (then this listens to capacity).
  bool used() const { return used_; }
  void gpus_up(std::uint32_t site, std::uint32_t sku, std::uint32_t /*rack*/, std::int64_t gpus) override {
    change(site, sku, static_cast<double>(gpus));
  }
  void gpus_down(std::uint32_t site, std::uint32_t sku, std::uint32_t /*rack*/, std::int64_t gpus) override {
    change(site, sku, -static_cast<double>(gpus));
  }
  // GPU-hours of `sku` that contract `c` had up within its term, to `now`.
  double gpu_hours(std::size_t c, std::size_t sku, Tick now) const;
  // GPUs of contract `c` up now (all SKUs; weighted).
  double gpus_now(std::size_t c) const;

 private:
  struct Track {
    double gpus = 0;   // up now (weighted)
    double hours = 0;  // GPU-hours in the term, to `last`
    Tick last = 0;
  };
  void change(std::uint32_t site, std::uint32_t sku, double gpus);
  Track& track(std::size_t c, std::size_t sku) { return tracks_[c * skus_ + sku]; }
  const Track& track(std::size_t c, std::size_t sku) const { return tracks_[c * skus_ + sku]; }

  const Engine& eng_;
  std::size_t skus_;
  bool used_ = false;
  std::vector<std::pair<Tick, Tick>> term_;                // per contract: [start, end]
  std::vector<std::vector<std::pair<int, double>>> cell_;  // per (site, SKU) cell: (contract, weight)
  std::vector<Track> tracks_;                              // per (contract, SKU)
};

}  // namespace gwsim

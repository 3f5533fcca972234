// gwsim/sim/model/contracts.hpp -- compute contracts, an observer of capacity.
//
// A contract with a provider pays usd_per_gpu_hour for the GPU-hours that the
// provider's sites have up within the contract's term (used); a take-or-pay
// contract also commits its total linearly over its term (committed); what is
// paid is the larger of the two. Accrued at each daily sample from the
// provider's GPU-hours, which capacity integrates exactly at every change.
//
// Issue 17's terms (docs/money.md, "Contracts"; model/contract_ramp.hpp): a
// contract with a committed ramp, prices per SKU or late-delivery credits, or
// named by orders, counts the GPU-hours of its own capacity per SKU (exactly,
// clipped to its term); with a ramp its commitment is the ramp's GPU-hours x
// usd_per_gpu_hour; under take-or-pay its exposure is what is paid for
// committed GPU-hours not delivered, and a share of it is credited back.
#pragma once

#include <vector>

#include "core/engine.hpp"
#include "model/capacity.hpp"
#include "model/contract_ramp.hpp"
#include "model/recorder.hpp"
#include "model/summary.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class Contracts {
 public:
  // Listens to `capacity` when a contract uses issue 17's terms (tracked()).
  Contracts(const Engine& eng, const Scenario& s, Capacity& capacity);

  // Whether any contract uses issue 17's terms (its GPU-hours are tracked per SKU).
  bool tracked() const { return tracks_.used(); }
  // Whether any contract has a ramp or late credits (the exposure and credit columns).
  static bool exposure_used(const Scenario& s);

  // Binds the contract columns; uses and binds contract_exposure_columns() when exposure_used().
  void bind_columns(Recorder& rec);
  // Accrues every contract up to `now` (called before each daily row).
  void accrue(Tick now);
  const std::vector<ContractSpend>& spend() const { return spend_; }
  // Per contract: GPU-hours committed and delivered, exposure, credit, implied price (as of the last accrual).
  const std::vector<ContractFigures>& figures() const { return figures_; }
  // Everything paid so far, net of credits, all contracts (the money model's `contracts` category).
  double paid_usd() const { return total(&ContractSpend::paid_usd); }

 private:
  double total(double ContractSpend::*field) const;
  double figure_total(double ContractFigures::*field) const;
  void accrue_tracked(std::size_t c, Tick now);
  double price(const Contract& k, std::size_t sku) const;

  const Scenario& s_;
  const Capacity& capacity_;
  ContractTracks tracks_;
  std::vector<ContractSpend> spend_;
  std::vector<ContractFigures> figures_;
  std::vector<char> tracked_;           // per contract: its GPU-hours come from tracks_
  std::vector<int> contract_provider_;  // per contract: -1 if no site has its provider
  std::vector<double> last_gpu_hours_;  // per contract: the provider's GPU-hours at the last accrual
  std::vector<double> last_rate_gpus_;  // per contract: mean GPUs up over the last accrual interval
  Tick last_accrual_ = 0;
};

}  // namespace gwsim

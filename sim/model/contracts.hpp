// gwsim/sim/model/contracts.hpp -- compute contracts, an observer of capacity.
//
// A contract with a provider pays usd_per_gpu_hour for the GPU-hours that the
// provider's sites have up within the contract's term (used); a take-or-pay
// contract also commits its total linearly over its term (committed); what is
// paid is the larger of the two. Accrued at each daily sample from the
// provider's GPU-hours, which capacity integrates exactly at every change.
#pragma once

#include <vector>

#include "model/capacity.hpp"
#include "model/recorder.hpp"
#include "model/summary.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class Contracts {
 public:
  Contracts(const Scenario& s, const Capacity& capacity);

  void bind_columns(Recorder& rec);
  // Accrues every contract up to `now` (called before each daily row).
  void accrue(Tick now);
  const std::vector<ContractSpend>& spend() const { return spend_; }

 private:
  double total(double ContractSpend::*field) const;

  const Scenario& s_;
  const Capacity& capacity_;
  std::vector<ContractSpend> spend_;
  std::vector<int> contract_provider_;  // per contract: -1 if no site has its provider
  std::vector<double> last_gpu_hours_;  // per contract: the provider's GPU-hours at the last accrual
};

}  // namespace gwsim

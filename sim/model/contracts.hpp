// gwsim/sim/model/contracts.hpp -- compute contracts, an observer of capacity.
//
// A contract with a provider pays usd_per_gpu_hour for the GPU-hours that the
// provider's sites have up within the contract's term (used); a take-or-pay
// contract also commits its total linearly over its term (committed); what is
// paid is the larger of the two. Accrued at each daily sample.
#pragma once

#include <cstdint>
#include <vector>

#include "core/stats.hpp"
#include "model/capacity.hpp"
#include "model/recorder.hpp"
#include "model/summary.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class Contracts final : public CapacityListener {
 public:
  Contracts(const Engine& eng, const Scenario& s);

  void gpus_up(std::uint32_t site, std::uint32_t sku, std::int64_t gpus) override;
  void gpus_down(std::uint32_t site, std::uint32_t sku, std::int64_t gpus) override;

  void bind_columns(Recorder& rec);
  // Accrues every contract up to `now` (called before each daily row).
  void accrue(Tick now);
  const std::vector<ContractSpend>& spend() const { return spend_; }

 private:
  void add(std::uint32_t site, std::int64_t gpus);
  double total(double ContractSpend::*field) const;

  const Engine& eng_;
  const Scenario& s_;
  std::vector<int> site_provider_;          // per site: its provider's index
  std::vector<std::int64_t> provider_up_;   // per provider: GPUs up now
  std::vector<TimeWeighted> provider_up_tw_;
  std::vector<ContractSpend> spend_;
  std::vector<int> contract_provider_;      // per contract: -1 if no site has its provider
  std::vector<double> last_gpu_hours_;      // per contract: the provider's GPU-hours at the last accrual
};

}  // namespace gwsim

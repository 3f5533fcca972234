// summary.json money.contracts (docs/money.md, "Contracts"; docs/outputs.md):
// per contract what was paid (net of credits), the GPU-hours committed and
// delivered within its term, the take-or-pay exposure, the credit and the
// implied price per committed GPU-hour.
#include <nlohmann/json.hpp>

#include "io/output.hpp"

namespace gwsim {

nlohmann::json contracts_json(const BuildoutSummary& sum) {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < sum.contracts.size() && i < sum.contract_figures.size(); ++i) {
    const ContractSpend& c = sum.contracts[i];
    const ContractFigures& f = sum.contract_figures[i];
    out.push_back({{"name", c.name},
                   {"paid_usd", c.paid_usd},
                   {"committed_gpu_hours", f.committed_gpu_hours},
                   {"delivered_gpu_hours", f.delivered_gpu_hours},
                   {"exposure_usd", f.exposure_usd},
                   {"credit_usd", f.credit_usd},
                   {"implied_usd_per_gpu_hour", f.implied_usd_per_gpu_hour}});
  }
  return out;
}

}  // namespace gwsim

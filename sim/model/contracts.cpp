#include "model/contracts.hpp"

#include <algorithm>
#include <string>

#include "core/units.hpp"
#include "model/columns.hpp"

namespace gwsim {

Contracts::Contracts(const Scenario& s, const Capacity& capacity) : s_(s), capacity_(capacity) {
  const std::vector<std::string>& providers = capacity_.providers();
  for (const Contract& c : s_.contracts) {
    spend_.push_back(ContractSpend{c.name, c.provider, c.total_usd, 0, 0, 0});
    auto it = std::find(providers.begin(), providers.end(), c.provider);
    contract_provider_.push_back(it == providers.end() ? -1 : static_cast<int>(it - providers.begin()));
    last_gpu_hours_.push_back(0.0);
  }
}

void Contracts::accrue(Tick t) {
  for (std::size_t c = 0; c < spend_.size(); ++c) {
    const Contract& k = s_.contracts[c];
    const Tick term_end = k.start + ticks_from_days(k.term_years * units::kDaysPerYear);
    const int p = contract_provider_[c];
    const double gpu_hours = p < 0 ? 0.0 : capacity_.provider_gpu_hours(static_cast<std::size_t>(p), t);
    if (t > k.start) {
      // GPU-hours between the previous accrual and now, counted inside the term only
      const double in_term = t <= term_end ? 1.0 : 0.0;
      spend_[c].used_usd += in_term * (gpu_hours - last_gpu_hours_[c]) * k.usd_per_gpu_hour;
      if (k.take_or_pay) {
        const double frac = std::clamp(to_hours(t - k.start) / to_hours(term_end - k.start), 0.0, 1.0);
        spend_[c].committed_usd = k.total_usd * frac;
      }
      spend_[c].paid_usd = std::max(spend_[c].used_usd, spend_[c].committed_usd);
    }
    last_gpu_hours_[c] = gpu_hours;
  }
}

double Contracts::total(double ContractSpend::*field) const {
  double sum = 0;
  for (const ContractSpend& c : spend_) sum += c.*field;
  return sum;
}

void Contracts::bind_columns(Recorder& rec) {
  rec.before_row([this](Tick now) { accrue(now); });
  rec.bind(columns::contract_committed_usd, [this] { return total(&ContractSpend::committed_usd); });
  rec.bind(columns::contract_used_usd, [this] { return total(&ContractSpend::used_usd); });
  rec.bind(columns::contract_paid_usd, [this] { return total(&ContractSpend::paid_usd); });
}

}  // namespace gwsim

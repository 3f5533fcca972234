#include "model/contracts.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "core/units.hpp"
#include "model/columns.hpp"

namespace gwsim {

Contracts::Contracts(const Engine& eng, const Scenario& s) : eng_(eng), s_(s) {
  std::map<std::string, int> providers;
  for (const Site& site : s_.sites) {
    auto [it, fresh] = providers.try_emplace(site.provider, static_cast<int>(providers.size()));
    (void)fresh;
    site_provider_.push_back(it->second);
  }
  provider_up_.assign(providers.size(), 0);
  provider_up_tw_.assign(providers.size(), TimeWeighted(0, 0.0));
  for (const Contract& c : s_.contracts) {
    spend_.push_back(ContractSpend{c.name, c.provider, c.total_usd, 0, 0, 0});
    auto it = providers.find(c.provider);
    contract_provider_.push_back(it == providers.end() ? -1 : it->second);
    last_gpu_hours_.push_back(0.0);
  }
}

void Contracts::gpus_up(std::uint32_t site, std::uint32_t, std::int64_t gpus) { add(site, gpus); }
void Contracts::gpus_down(std::uint32_t site, std::uint32_t, std::int64_t gpus) { add(site, -gpus); }

void Contracts::add(std::uint32_t site, std::int64_t gpus) {
  const auto p = static_cast<std::size_t>(site_provider_[site]);
  provider_up_[p] += gpus;
  provider_up_tw_[p].set(eng_.now(), static_cast<double>(provider_up_[p]));
}

void Contracts::accrue(Tick t) {
  for (std::size_t c = 0; c < spend_.size(); ++c) {
    const Contract& k = s_.contracts[c];
    const Tick term_end = k.start + ticks_from_days(k.term_years * units::kDaysPerYear);
    const int p = contract_provider_[c];
    const double gpu_hours = p < 0 ? 0.0 : provider_up_tw_[static_cast<std::size_t>(p)].integral_hours(t);
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

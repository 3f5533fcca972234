#include "model/contracts.hpp"

#include <algorithm>
#include <string>

#include "core/units.hpp"
#include "model/columns.hpp"

namespace gwsim {

Contracts::Contracts(const Engine& eng, const Scenario& s, Capacity& capacity)
    : s_(s), capacity_(capacity), tracks_(eng, s) {
  const std::vector<std::string>& providers = capacity_.providers();
  for (std::size_t c = 0; c < s_.contracts.size(); ++c) {
    const Contract& k = s_.contracts[c];
    spend_.push_back(ContractSpend{k.name, k.provider, k.total_usd, 0, 0, 0});
    figures_.emplace_back();
    tracked_.push_back(contract_tracked(s_, c) ? 1 : 0);
    auto it = std::find(providers.begin(), providers.end(), k.provider);
    contract_provider_.push_back(it == providers.end() ? -1 : static_cast<int>(it - providers.begin()));
    last_gpu_hours_.push_back(0.0);
    last_rate_gpus_.push_back(0.0);
  }
  if (tracks_.used()) capacity.add_listener(tracks_);
}

bool Contracts::exposure_used(const Scenario& s) {
  return std::any_of(s.contracts.begin(), s.contracts.end(),
                     [](const Contract& k) { return !k.ramp.dates.empty() || k.late_credit_share > 0; });
}

double Contracts::price(const Contract& k, std::size_t sku) const {
  for (const SkuPrice& p : k.sku_prices)
    if (static_cast<std::size_t>(p.sku) == sku) return p.usd_per_gpu_hour;
  return k.usd_per_gpu_hour;
}

void Contracts::accrue(Tick t) {
  const double interval_hours = to_hours(t - last_accrual_);
  for (std::size_t c = 0; c < spend_.size(); ++c) {
    if (tracked_[c] != 0) {
      accrue_tracked(c, t);
      continue;
    }
    const Contract& k = s_.contracts[c];
    const Tick end = term_end(k);
    const int p = contract_provider_[c];
    const double gpu_hours = p < 0 ? 0.0 : capacity_.provider_gpu_hours(static_cast<std::size_t>(p), t);
    ContractFigures& f = figures_[c];
    if (t > k.start) {
      // GPU-hours between the previous accrual and now, counted inside the term only
      const double in_term = t <= end ? 1.0 : 0.0;
      spend_[c].used_usd += in_term * (gpu_hours - last_gpu_hours_[c]) * k.usd_per_gpu_hour;
      f.delivered_gpu_hours += in_term * (gpu_hours - last_gpu_hours_[c]);
      if (k.take_or_pay) {
        const double frac = std::clamp(to_hours(t - k.start) / to_hours(end - k.start), 0.0, 1.0);
        spend_[c].committed_usd = k.total_usd * frac;
        f.committed_gpu_hours = spend_[c].committed_usd / k.usd_per_gpu_hour;
        f.exposure_usd = std::max(0.0, spend_[c].committed_usd - spend_[c].used_usd);
      }
      spend_[c].paid_usd = std::max(spend_[c].used_usd, spend_[c].committed_usd);
    }
    if (interval_hours > 0) last_rate_gpus_[c] = (gpu_hours - last_gpu_hours_[c]) / interval_hours;
    last_gpu_hours_[c] = gpu_hours;
    // without a ramp: the GPU-hours delivered so far, and the last interval's mean GPUs up to the term's end
    const double expected = f.delivered_gpu_hours + last_rate_gpus_[c] * overlap_hours(t, end, k.start, end);
    f.implied_usd_per_gpu_hour = expected > 0 ? k.total_usd / expected : 0.0;
  }
  last_accrual_ = t;
}

void Contracts::accrue_tracked(std::size_t c, Tick t) {
  const Contract& k = s_.contracts[c];
  const Tick end = term_end(k);
  ContractSpend& sp = spend_[c];
  ContractFigures& f = figures_[c];
  f.delivered_gpu_hours = 0;
  sp.used_usd = 0;
  for (std::size_t sku = 0; sku < s_.skus.size(); ++sku) {
    const double h = tracks_.gpu_hours(c, sku, t);
    f.delivered_gpu_hours += h;
    sp.used_usd += h * price(k, sku);
  }
  const bool ramp = !k.ramp.dates.empty();
  if (ramp) {
    f.committed_gpu_hours = ramp_gpu_hours(k.ramp, k.start, std::min(t, end));
    if (k.take_or_pay) sp.committed_usd = f.committed_gpu_hours * k.usd_per_gpu_hour;
  } else if (k.take_or_pay) {
    sp.committed_usd = k.total_usd * std::clamp(to_hours(t - k.start) / to_hours(end - k.start), 0.0, 1.0);
    f.committed_gpu_hours = sp.committed_usd / k.usd_per_gpu_hour;
  }
  if (k.take_or_pay)
    f.exposure_usd = ramp ? std::max(0.0, f.committed_gpu_hours - f.delivered_gpu_hours) * k.usd_per_gpu_hour
                          : std::max(0.0, sp.committed_usd - sp.used_usd);
  f.credit_usd = k.late_credit_share * f.exposure_usd;
  sp.paid_usd = std::max(sp.used_usd, sp.committed_usd) - f.credit_usd;
  // with a ramp: its GPU-hours over the whole term; without: delivered so far plus GPUs up now to the term's end
  const double expected = ramp ? ramp_gpu_hours(k.ramp, k.start, end)
                               : f.delivered_gpu_hours + tracks_.gpus_now(c) * overlap_hours(t, end, k.start, end);
  f.implied_usd_per_gpu_hour = expected > 0 ? k.total_usd / expected : 0.0;
}

double Contracts::total(double ContractSpend::*field) const {
  double sum = 0;
  for (const ContractSpend& c : spend_) sum += c.*field;
  return sum;
}

double Contracts::figure_total(double ContractFigures::*field) const {
  double sum = 0;
  for (const ContractFigures& c : figures_) sum += c.*field;
  return sum;
}

void Contracts::bind_columns(Recorder& rec) {
  rec.before_row([this](Tick now) { accrue(now); });
  rec.bind(columns::contract_committed_usd, [this] { return total(&ContractSpend::committed_usd); });
  rec.bind(columns::contract_used_usd, [this] { return total(&ContractSpend::used_usd); });
  rec.bind(columns::contract_paid_usd, [this] { return total(&ContractSpend::paid_usd); });
  if (!exposure_used(s_)) return;
  rec.use(contract_exposure_columns());
  rec.bind(columns::contract_exposure_usd, [this] { return figure_total(&ContractFigures::exposure_usd); });
  rec.bind(columns::contract_credit_usd, [this] { return figure_total(&ContractFigures::credit_usd); });
}

}  // namespace gwsim

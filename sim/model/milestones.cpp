#include "model/milestones.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/units.hpp"
#include "model/columns.hpp"
#include "scenario/catalog.hpp"

namespace gwsim {

namespace {

// A double metric (PFLOPS, H100e) counts as reached within this relative
// error of its target, so that a threshold equal to the sum of the same
// per-GPU figures is not missed by rounding (docs/scenarios.md).
constexpr double kRelativeTolerance = 1e-12;

}  // namespace

std::span<const MilestoneMetricName> milestone_metrics() {
  static constexpr std::array<MilestoneMetricName, 8> kNames{{
      {columns::gpus_in_service.name, MilestoneMetric::gpus_in_service, columns::gpus_in_service.unit},
      {columns::racks_in_service.name, MilestoneMetric::racks_in_service, columns::racks_in_service.unit},
      {columns::pflops_fp8_online.name, MilestoneMetric::fp8_pflops, columns::pflops_fp8_online.unit},
      {columns::pflops_bf16_online.name, MilestoneMetric::bf16_pflops, columns::pflops_bf16_online.unit},
      {columns::h100e_in_service.name, MilestoneMetric::h100e, columns::h100e_in_service.unit},
      {columns::power_energized_mw.name, MilestoneMetric::energized_mw, columns::power_energized_mw.unit},
      {"training_run", MilestoneMetric::training_run, "runs"},
      {columns::largest_run_gpus.name, MilestoneMetric::largest_run_gpus, columns::largest_run_gpus.unit},
  }};
  return kNames;
}

std::string_view metric_name(MilestoneMetric m) {
  for (const MilestoneMetricName& n : milestone_metrics())
    if (n.metric == m) return n.name;
  return {};
}

std::string_view metric_unit(MilestoneMetric m) {
  for (const MilestoneMetricName& n : milestone_metrics())
    if (n.metric == m) return n.unit;
  return {};
}

Milestones::Milestones(const Engine& eng, const Scenario& s) : eng_(eng), s_(s), site_energized_uw_(s.sites.size(), 0) {
  for (std::size_t i = 0; i < s.milestones.size(); ++i) {
    states_.push_back(make_state(i));
    switch (s.milestones[i].metric) {
      case MilestoneMetric::racks_in_service: rack_active_.push_back(i); break;
      case MilestoneMetric::energized_mw: power_active_.push_back(i); break;
      case MilestoneMetric::training_run: break;
      case MilestoneMetric::largest_run_gpus: largest_active_.push_back(i); break;
      default: gpu_active_.push_back(i);
    }
  }
  follows_gpus_ = !gpu_active_.empty();
  follows_racks_ = !rack_active_.empty();
  follows_power_ = !power_active_.empty();
}

bool Milestones::integral(MilestoneMetric m) {
  return m == MilestoneMetric::gpus_in_service || m == MilestoneMetric::racks_in_service ||
         m == MilestoneMetric::energized_mw || m == MilestoneMetric::training_run ||
         m == MilestoneMetric::largest_run_gpus;
}

Milestones::State Milestones::make_state(std::size_t i) const {
  const Milestone& m = s_.milestones[i];
  State st;
  st.index = i;
  st.site_kept.assign(s_.sites.size(), m.sites.empty() ? 1 : 0);
  for (const int si : m.sites) st.site_kept[static_cast<std::size_t>(si)] = 1;
  if (m.metric == MilestoneMetric::largest_run_gpus) {
    st.weight.assign(s_.sites.size(), 1.0);  // one slot per site: its largest run (an absolute threshold only)
    st.max = true;
  } else if (m.metric == MilestoneMetric::energized_mw || m.metric == MilestoneMetric::training_run) {
    st.weight.assign(1, 1.0);  // one slot: the microwatts energized (or the run finished)
  } else {
    for (std::size_t k = 0; k < s_.skus.size(); ++k) {
      const Sku& sku = s_.skus[k];
      const bool kept = m.skus.empty() || std::find(m.skus.begin(), m.skus.end(), static_cast<int>(k)) != m.skus.end();
      double w = 1.0;  // GPUs, racks
      if (m.metric == MilestoneMetric::fp8_pflops) w = sku.fp8_pflops_per_gpu;
      if (m.metric == MilestoneMetric::bf16_pflops) w = sku.bf16_pflops_per_gpu;
      if (m.metric == MilestoneMetric::h100e) w = h100_equivalents_per_gpu(sku);
      st.weight.push_back(kept ? w : 0.0);
    }
  }
  st.held.assign(st.weight.size(), 0);
  if (m.metric == MilestoneMetric::training_run) {
    st.target = 1;
  } else if (!m.fraction) {
    st.target =
        m.metric == MilestoneMetric::energized_mw ? static_cast<double>(units::mw_to_uw(m.threshold)) : m.threshold;
  } else {
    st.target = m.threshold * ordered(st, m);
    // a whole amount: the least at or above the fraction (to 1e-9, for 0.9 x 10 = 9.000000000000002)
    if (integral(m.metric)) st.target = std::ceil(st.target - 1e-9);
  }
  return st;
}

// What is ordered (planned, for power: microwatts of the power stages) of what the filters keep.
double Milestones::ordered(const State& st, const Milestone& m) const {
  double total = 0;
  if (m.metric == MilestoneMetric::energized_mw) {
    for (std::size_t si = 0; si < s_.sites.size(); ++si)
      if (st.site_kept[si] != 0)
        for (const PowerStage& p : s_.sites[si].power_stages) total += static_cast<double>(units::mw_to_uw(p.power_mw));
    return total;
  }
  for (const Order& o : s_.orders) {
    const auto k = static_cast<std::size_t>(o.sku);
    if (st.site_kept[static_cast<std::size_t>(o.site)] == 0) continue;
    const double per_rack = m.metric == MilestoneMetric::racks_in_service ? 1.0 : s_.skus[k].gpus_per_rack;
    for (const Delivery& d : o.deliveries) total += static_cast<double>(d.racks) * per_rack * st.weight[k];
  }
  return total;
}

double Milestones::value(const State& st) {
  if (st.max) return st.held.empty() ? 0.0 : static_cast<double>(*std::max_element(st.held.begin(), st.held.end()));
  double v = 0;
  for (std::size_t k = 0; k < st.held.size(); ++k)
    if (st.held[k] != 0) v += static_cast<double>(st.held[k]) * st.weight[k];
  return v;
}

void Milestones::change(std::vector<std::size_t>& active, std::uint32_t site, std::size_t slot, std::int64_t delta) {
  for (const std::size_t i : active) {
    State& st = states_[i];
    if (st.site_kept[site] == 0 || st.weight[slot] == 0) continue;
    st.held[slot] += delta;
    if (st.reached) continue;
    const double v = value(st);
    const bool exact = integral(s_.milestones[i].metric);
    if (exact ? v >= st.target : v >= st.target * (1 - kRelativeTolerance)) st.reached = eng_.now();
  }
}

void Milestones::gpus_changed(std::uint32_t site, std::uint32_t sku, std::int64_t gpus) {
  change(gpu_active_, site, sku, gpus);
}

void Milestones::rack_in_service(std::uint32_t site, std::uint32_t sku) { change(rack_active_, site, sku, 1); }

void Milestones::energized(std::uint32_t site, std::int64_t energized_uw) {
  const std::int64_t delta = energized_uw - site_energized_uw_[site];
  site_energized_uw_[site] = energized_uw;
  change(power_active_, site, 0, delta);
}

void Milestones::largest_run(std::uint32_t site, std::int64_t gpus) {
  for (const std::size_t i : largest_active_) {
    State& st = states_[i];
    if (st.site_kept[site] == 0) continue;
    st.held[site] = gpus;
    if (!st.reached && static_cast<double>(gpus) >= st.target) st.reached = eng_.now();
  }
}

void Milestones::training_run_finished(std::uint32_t run) {
  for (State& st : states_) {
    const Milestone& m = s_.milestones[st.index];
    if (m.metric != MilestoneMetric::training_run || m.training_run != static_cast<int>(run) || st.reached) continue;
    st.held[0] = 1;
    st.reached = eng_.now();
  }
}

std::vector<MilestoneOutcome> Milestones::outcomes() const {
  std::vector<MilestoneOutcome> out;
  for (const State& st : states_) {
    const bool power = s_.milestones[st.index].metric == MilestoneMetric::energized_mw;
    auto unit = [power](double x) { return power ? units::uw_to_mw(x) : x; };
    out.push_back(MilestoneOutcome{st.reached, unit(value(st)), unit(st.target)});
  }
  return out;
}

}  // namespace gwsim

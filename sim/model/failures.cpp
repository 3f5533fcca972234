#include "model/failures.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include <boost/math/special_functions/gamma.hpp>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>

namespace gwsim {

Failures::Failures(Engine& eng, const Scenario& s, const RandomStreams& streams, Inventory& inv, Capacity& capacity,
                   Cordon& cordon, Repairs& repairs, Tick horizon)
    : eng_(eng),
      s_(s),
      rng_(streams.stream("failures")),
      lemon_rng_(streams.stream("lemons")),
      inv_(inv),
      capacity_(capacity),
      cordon_(cordon),
      repairs_(repairs),
      horizon_(horizon),
      replay_rng_(streams.stream("failure_replay")),
      on_rack_(*this, eng),
      on_cohort_(*this, eng) {
  if (s_.failure_replay) {
    replay_ = true;
    stochastic_ = s_.failure_replay->stochastic;
    site_racks_.resize(s_.sites.size());
  }
  for (const Sku& k : s_.skus) lemons_ = lemons_ || k.lemons.fraction > 0;
  for (const Site& site : s_.sites) stages_ = stages_ || site.repair_stages.has_value();
  cordon_on_ = cordon_.active();
  plain_ = !lemons_ && !stages_ && !cordon_on_ && !replay_;
  // the cordon reads a rack's GPUs down from here (cohort members: through member_)
  if (cordon_on_) cordon_.set_down_source([this](std::uint32_t r) { return down_of(r); });
  for (const Sku& k : s_.skus) {
    SkuFailures rt;
    std::size_t best = 0;
    for (std::size_t c = 0; c < k.failure_classes.size(); ++c) {
      const FailureClass& f = k.failure_classes[c];
      const double mean_hours = f.mtbf_gpu_hours / k.gpus_per_rack;  // per rack
      rt.class_rates.push_back(1.0 / mean_hours);
      rt.rate_per_hour += 1.0 / mean_hours;
      rt.weibull_scale_hours.push_back(mean_hours / boost::math::tgamma(1.0 + 1.0 / f.weibull_shape));
      if (f.weibull_shape != 1.0) rt.all_exponential = false;
      const FailureClass& b = k.failure_classes[best];
      if (f.blast == Blast::node && (b.blast != Blast::node || f.mtbf_gpu_hours < b.mtbf_gpu_hours)) best = c;
    }
    rt.rework_class = best;
    if (!rt.class_rates.empty())
      rt.pick_class =
          boost::random::discrete_distribution<std::size_t, double>(rt.class_rates.begin(), rt.class_rates.end());
    skus_.push_back(std::move(rt));
  }
}

void Failures::start_clock(std::uint32_t r) {
  const SkuFailures& k = skus_[inv_.racks[r].sku];
  if (!s_.failures_enabled) return;
  if (replay_) site_racks_[inv_.racks[r].site].push_back(r);
  if (k.class_rates.empty() || !stochastic_) return;
  const Lemons& lemons = s_.skus[inv_.racks[r].sku].lemons;
  if (lemons_ && lemons.fraction > 0 && boost::random::bernoulli_distribution<double>(lemons.fraction)(lemon_rng_)) {
    if (lemon_.size() <= r) lemon_.resize(r + 1, 0);
    lemon_[r] = 1;
    ++lemon_racks_;
  }
  if (k.all_exponential) join_cohort(r);
  else schedule_rack(r);
}

// A failure of a rack with its own (Weibull) clock.
void Failures::rack_failure(std::uint64_t r) {
  const auto rack = static_cast<std::uint32_t>(r);
  Rack& rk = inv_.racks[rack];
  if (plain_) {
    fail_plain(rk.site, rk.sku, rack, rk.down, rk.next_class, RepairKind::rack, rack, 0);
    schedule_rack(rack);
    return;
  }
  if (cordon_.retired(rack)) return;  // its clock stops
  if (!fail(rk.site, rk.sku, rack, rk.down, rk.next_class, RepairKind::rack, rack, 0, first_step(rk.site)))
    schedule_rack(rack);
}

// A failure in a cohort: only the cohort's own array is touched.
void Failures::cohort_failure(std::uint64_t c) {
  Cohort& co = cohorts_[c];
  const boost::random::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(co.down.size() - 1));
  std::uint32_t i = pick(rng_);
  if (plain_) {
    const auto cls = static_cast<std::uint32_t>(skus_[co.sku].pick_class(rng_));
    fail_plain(co.site, co.sku, co.racks[i], co.down[i], cls, RepairKind::cohort, static_cast<std::uint32_t>(c), i);
    schedule_cohort(co, static_cast<std::uint32_t>(c));
    return;
  }
  while (cordon_.retired(co.racks[i])) i = pick(rng_);  // uniform among the members in service
  const auto cls = static_cast<std::uint32_t>(skus_[co.sku].pick_class(rng_));
  if (fail(co.site, co.sku, co.racks[i], co.down[i], cls, RepairKind::cohort, static_cast<std::uint32_t>(c), i,
           first_step(co.site)))
    ++co.retired;
  schedule_cohort(co, static_cast<std::uint32_t>(c));
}

void Failures::refail(const RepairWork& work) {
  if (work.kind == RepairKind::rack) {
    Rack& rk = inv_.racks[work.a];
    if (cordon_.retired(work.a)) return;
    fail(work.site, work.sku, work.a, rk.down, work.cls, RepairKind::rack, work.a, 0, RepairStep::manual);
    return;
  }
  Cohort& co = cohorts_[work.a];
  if (cordon_.retired(co.racks[work.b])) return;
  if (fail(work.site, work.sku, co.racks[work.b], co.down[work.b], work.cls, RepairKind::cohort, work.a, work.b,
           RepairStep::manual)) {
    ++co.retired;
    schedule_cohort(co, work.a);
  }
}

// One failure of class `cls` in rack `rack` (inventory index), whose down-GPU count is `down`.
// A replayed row: on its rack, or `gpus` GPUs' worth of failures of its class
// on racks of the site drawn uniformly (the "failure_replay" stream).
bool Failures::replay(const ReplayedFailure& f) {
  const std::vector<std::uint32_t>& racks = site_racks_[static_cast<std::size_t>(f.site)];
  const auto cls = static_cast<std::uint32_t>(f.failure_class);
  if (f.rack >= 0) {
    if (static_cast<std::size_t>(f.rack) >= racks.size() || cordon_.retired(racks[static_cast<std::size_t>(f.rack)]))
      return false;
    fail_rack(racks[static_cast<std::size_t>(f.rack)], cls);
    return true;
  }
  if (racks.empty()) return false;
  const boost::random::uniform_int_distribution<std::size_t> pick(0, racks.size() - 1);
  for (std::int64_t left = f.gpus, tries = 0; left > 0;) {
    const std::uint32_t r = racks[pick(replay_rng_)];
    if (cordon_.retired(r)) {
      if (++tries > 1000) return false;  // (nearly) every rack of the site retired
      continue;
    }
    const Sku& k = s_.skus[inv_.racks[r].sku];
    const Blast b = k.failure_classes[cls].blast;
    left -= b == Blast::gpu ? 1 : b == Blast::node ? k.gpus_per_node : k.gpus_per_rack;
    fail_rack(r, cls);
  }
  return true;
}

void Failures::fail_rack(std::uint32_t r, std::uint32_t cls) {
  Rack& rk = inv_.racks[r];
  const RepairStep step = first_step(rk.site);
  if (r < member_.size() && member_[r].first != kNoCohort) {
    const auto [c, i] = member_[r];
    Cohort& co = cohorts_[c];
    if (fail(co.site, co.sku, r, co.down[i], cls, RepairKind::cohort, c, i, step)) {
      ++co.retired;
      schedule_cohort(co, c);
    }
    return;
  }
  // A rack with its own (Weibull) clocks: like a drawn failure, the replayed one
  // restarts them (the pending draw is cancelled); a retired rack's clocks stop.
  const bool retired = fail(rk.site, rk.sku, r, rk.down, cls, RepairKind::rack, r, 0, step);
  if (!stochastic_ || skus_[rk.sku].class_rates.empty()) return;
  if (r < rack_next_.size()) eng_.cancel(std::exchange(rack_next_[r], EventId{}));
  if (!retired) schedule_rack(r);
}

// One failure with no reliability feature set: the GPUs of its blast radius
// still up go down and one repair is queued.
void Failures::fail_plain(std::uint32_t si, std::uint32_t sku, std::uint32_t rack, std::uint32_t& down,
                          std::uint32_t cls, RepairKind kind, std::uint32_t a, std::uint32_t b) {
  const Sku& k = s_.skus[sku];
  const FailureClass& fc = k.failure_classes[cls];
  const int blast = fc.blast == Blast::gpu ? 1 : fc.blast == Blast::node ? k.gpus_per_node : k.gpus_per_rack;
  const int lost = std::min(blast, k.gpus_per_rack - static_cast<int>(down));
  ++failures_;
  if (lost <= 0) return;
  down += static_cast<std::uint32_t>(lost);
  capacity_.take_down(si, sku, rack, lost);
  repairs_.enqueue(RepairWork{si, sku, a, b, lost, cls, kind, fc.blast != Blast::gpu});
}

// Returns true if the lemon policy retired the rack.
bool Failures::fail(std::uint32_t si, std::uint32_t sku, std::uint32_t rack, std::uint32_t& down, std::uint32_t cls,
                    RepairKind kind, std::uint32_t a, std::uint32_t b, RepairStep step) {
  const Sku& k = s_.skus[sku];
  const FailureClass& fc = k.failure_classes[cls];
  const int blast = fc.blast == Blast::gpu ? 1 : fc.blast == Blast::node ? k.gpus_per_node : k.gpus_per_rack;
  const int lost = std::min(blast, k.gpus_per_rack - static_cast<int>(down));
  ++failures_;
  if (lemons_ && is_lemon(rack)) ++from_lemons_;
  const bool cordon = cordon_on_ && cordon_.tracks(si);
  if (lost <= 0) return cordon && cordon_.failed(rack, down);
  const std::uint32_t held = cordon ? cordon_.take_held(rack, static_cast<std::uint32_t>(lost)) : 0;
  down += static_cast<std::uint32_t>(lost);
  if (lost > static_cast<int>(held)) capacity_.take_down(si, sku, rack, lost - static_cast<int>(held));
  repairs_.enqueue(RepairWork{si, sku, a, b, lost, cls, kind, fc.blast != Blast::gpu, step});
  return cordon && cordon_.failed(rack, down);
}

std::uint32_t Failures::down_of(std::uint32_t r) const {
  if (r < member_.size() && member_[r].first != kNoCohort) return cohorts_[member_[r].first].down[member_[r].second];
  return inv_.racks[r].down;
}

void Failures::repaired(const RepairWork& work) {
  if (cordon_on_ && cordon_.tracks(work.site)) {
    repaired_cordon(work);
    return;
  }
  std::uint32_t rack = work.a;
  if (work.kind == RepairKind::rack) {
    inv_.racks[work.a].down -= static_cast<std::uint32_t>(work.gpus);
  } else {
    cohorts_[work.a].down[work.b] -= static_cast<std::uint32_t>(work.gpus);
    rack = cohorts_[work.a].racks[work.b];
  }
  capacity_.bring_up(work.site, work.sku, rack, work.gpus);
}

// repaired() with a cordon rule or policy: the rack may hold its GPUs.
void Failures::repaired_cordon(const RepairWork& work) {
  std::uint32_t rack = work.a;
  std::uint32_t down = 0;
  if (work.kind == RepairKind::rack) {
    down = inv_.racks[work.a].down -= static_cast<std::uint32_t>(work.gpus);
  } else {
    down = cohorts_[work.a].down[work.b] -= static_cast<std::uint32_t>(work.gpus);
    rack = cohorts_[work.a].racks[work.b];
  }
  cordon_.repaired(work.site, work.sku, rack, down, work.gpus);
}

void Failures::schedule_rack(std::uint32_t r) {
  const SkuFailures& k = skus_[inv_.racks[r].sku];
  const Sku& spec = s_.skus[inv_.racks[r].sku];
  double hours = std::numeric_limits<double>::infinity();
  std::size_t cls = 0;
  const double speed = lemons_ && is_lemon(r) ? spec.lemons.rate_multiplier : 1.0;  // a lemon's clocks run faster
  for (std::size_t c = 0; c < k.class_rates.size(); ++c) {
    const double h = boost::random::weibull_distribution<double>(spec.failure_classes[c].weibull_shape,
                                                                 k.weibull_scale_hours[c] / speed)(rng_);
    if (h < hours) {
      hours = h;
      cls = c;
    }
  }
  inv_.racks[r].next_class = static_cast<std::uint32_t>(cls);
  const Tick at = eng_.now() + std::max<Tick>(1, ticks_from_hours(std::min(hours, 1e9)));
  if (at > horizon_) return;
  const EventId id = eng_.schedule_at(at, on_rack_.id(), r);
  if (replay_) {
    if (rack_next_.size() <= r) rack_next_.resize(r + 1);
    rack_next_[r] = id;
  }
}

// Exponential racks share one pending event per (site, SKU) cohort, so the
// pending event set stays as small as the number of cohorts however large the
// fleet. A rack joining changes the rate: by memorylessness the pending draw
// is simply replaced.
void Failures::join_cohort(std::uint32_t r) {
  const bool lemon = is_lemon(r);
  const std::uint64_t key =
      (std::uint64_t{inv_.racks[r].site} << 32) | (std::uint64_t{inv_.racks[r].sku} << 1) | (lemon ? 1 : 0);
  auto [it, fresh] = cohort_index_.try_emplace(key, static_cast<std::uint32_t>(cohorts_.size()));
  if (fresh) {
    const std::uint32_t sku = inv_.racks[r].sku;
    const double k = lemon ? s_.skus[sku].lemons.rate_multiplier : 1.0;
    cohorts_.push_back(Cohort{inv_.racks[r].site, sku, {}, {}, EventId{}, skus_[sku].rate_per_hour * k, 0});
  }
  Cohort& co = cohorts_[it->second];
  if (replay_ || cordon_on_) {
    if (member_.size() <= r) member_.resize(r + 1, {kNoCohort, 0});
    member_[r] = {it->second, static_cast<std::uint32_t>(co.down.size())};
  }
  co.down.push_back(0);
  co.racks.push_back(r);
  schedule_cohort(co, it->second);
}

void Failures::retired(std::uint32_t r) {
  const SkuFailures& k = skus_[inv_.racks[r].sku];
  // the racks start_clock() put in a cohort
  if (!s_.failures_enabled || k.class_rates.empty() || !stochastic_ || !k.all_exponential) return;
  const std::uint64_t key =
      (std::uint64_t{inv_.racks[r].site} << 32) | (std::uint64_t{inv_.racks[r].sku} << 1) | (is_lemon(r) ? 1 : 0);
  const auto it = cohort_index_.find(key);
  if (it == cohort_index_.end()) return;
  Cohort& co = cohorts_[it->second];
  ++co.retired;
  schedule_cohort(co, it->second);
}

void Failures::schedule_cohort(Cohort& co, std::uint32_t c) {
  eng_.cancel(co.next);  // no-op if it is the event being handled
  const double rate = co.rate_per_hour_per_rack * static_cast<double>(co.down.size() - co.retired);
  if (rate <= 0) {
    co.next = EventId{};
    return;
  }
  const double hours = boost::random::exponential_distribution<double>(rate)(rng_);
  const Tick at = eng_.now() + std::max<Tick>(1, ticks_from_hours(std::min(hours, 1e9)));
  co.next = at <= horizon_ ? eng_.schedule_at(at, on_cohort_.id(), c) : EventId{};
}

}  // namespace gwsim

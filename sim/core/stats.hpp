// gwsim/sim/core/stats.hpp -- statistics collected during a run.
//
//   Counter       a monotone count (events, failures, GPUs delivered).
//   TimeWeighted  a piecewise-constant level over simulated time (racks in
//                 service, queue length) and its time average.
//   Tally         independent observations (waits, durations): count, mean,
//                 variance, a 95% confidence interval of the mean, min, max
//                 and exact quantiles (it keeps the observations: 8 bytes each).
//   mean_half_width, wilson_interval, first_*_within
//                 confidence intervals of a mean (Student's t) and of a
//                 proportion (Wilson), and the first sample size at which one
//                 is narrower than a target (adaptive Monte Carlo).
// Built on Boost.Accumulators (and Boost.Math for Student's t), not hand-rolled.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/count.hpp>
#include <boost/accumulators/statistics/max.hpp>
#include <boost/accumulators/statistics/mean.hpp>
#include <boost/accumulators/statistics/min.hpp>
#include <boost/accumulators/statistics/stats.hpp>
#include <boost/accumulators/statistics/sum_kahan.hpp>
#include <boost/accumulators/statistics/variance.hpp>
#include <boost/accumulators/statistics/weighted_sum_kahan.hpp>

#include "core/time.hpp"

namespace gwsim {

class Counter {
 public:
  void add(std::uint64_t n = 1) { value_ += n; }
  std::uint64_t value() const { return value_; }

 private:
  std::uint64_t value_ = 0;
};

// Level x(t), piecewise constant, starting at `initial` at time `start`.
// The time average over [start, now] is (integral of x dt) / (now - start).
class TimeWeighted {
 public:
  explicit TimeWeighted(Tick start = 0, double initial = 0.0);

  // The level becomes `value` at time `now` (>= the last update). Inline with
  // close_segment(), so that Boost's Kahan sum inlines too: it runs on every
  // change of every level, and the call chain was 15% of a fleet run's
  // instructions (benches/RESULTS.md, issue 11).
  void set(Tick now, double value) {
    close_segment(now);
    value_ = value;
    min_ = value < min_ ? value : min_;
    max_ = value > max_ ? value : max_;
  }
  void add(Tick now, double delta) { set(now, value_ + delta); }

  double value() const { return value_; }
  double min() const { return min_; }
  double max() const { return max_; }
  // Integral of the level from start to `now`, in level x hours.
  double integral_hours(Tick now) const;
  // Time average over [start, now]; the current level if no time has passed.
  double mean(Tick now) const;

 private:
  void close_segment(Tick now) {
    if (now < last_) out_of_order(now);
    if (now > last_) acc_(value_, boost::accumulators::weight = to_hours(now - last_));
    last_ = now;
  }
  [[noreturn]] void out_of_order(Tick now) const;

  Tick start_;
  Tick last_;
  double value_;
  double min_;
  double max_;
  // Segments (value, duration in hours) summed with Kahan compensation so
  // that years of minute-level updates do not lose precision.
  boost::accumulators::accumulator_set<double, boost::accumulators::stats<boost::accumulators::tag::weighted_sum_kahan>,
                                       double>
      acc_;
};

class Tally {
 public:
  void add(double x);

  std::uint64_t count() const;
  double mean() const;
  // Sample variance (n - 1 denominator); 0 for fewer than two observations.
  double variance() const;
  // Half width of the 95% confidence interval of the mean (Student's t);
  // infinite for fewer than two observations.
  double ci95_half_width() const { return ci_half_width(0.95); }
  // The same at `confidence` (mean_half_width below).
  double ci_half_width(double confidence) const;
  double min() const;
  double max() const;
  // The exact quantiles at `probabilities` (each in [0, 1]) of the
  // observations, type 7 as quantile() below (one sort for all of them);
  // throws Error("stats.quantile") when empty or for a probability outside [0, 1].
  std::vector<double> quantiles(const std::vector<double>& probabilities) const;
  double quantile(double p) const { return quantiles({p}).front(); }
  const std::vector<double>& values() const { return values_; }  // in the order added

 private:
  using Acc = boost::accumulators::accumulator_set<
      double, boost::accumulators::stats<boost::accumulators::tag::count, boost::accumulators::tag::mean,
                                         boost::accumulators::tag::variance, boost::accumulators::tag::min,
                                         boost::accumulators::tag::max>>;
  Acc acc_;
  std::vector<double> values_;
};

// The exact q-quantile (0..1) of `values` by linear interpolation between
// order statistics (Hyndman and Fan type 7, numpy's default); sorts `values`.
// NaN when `values` is empty.
double quantile(std::vector<double>& values, double q);
// The same of values already sorted ascending (not checked).
double quantile_sorted(const std::vector<double>& sorted, double q);

// The Wilson score interval for a binomial proportion: `successes` of
// `trials`, two-sided at `confidence` (E. B. Wilson, "Probable inference, the
// law of succession, and statistical inference", JASA 22, 1927; Brown, Cai and
// DasGupta, Statistical Science 16, 2001, recommend it for small n). With
// p = k/n and z the normal quantile at 1 - (1 - confidence)/2:
//   centre = (p + z^2/2n) / (1 + z^2/n)
//   half   = z / (1 + z^2/n) * sqrt(p(1 - p)/n + z^2/4n^2)
// Throws Error("stats.wilson") when trials is 0 or successes > trials.
struct Interval {
  double lo = 0, hi = 0;
};
Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double confidence = 0.95);

// The half width of the two-sided `confidence` interval of the mean of `n`
// observations whose sample variance (n - 1 denominator) is `sample_variance`:
// t * sqrt(sample_variance / n), t the quantile at 1 - (1 - confidence)/2 of
// Student's t with n - 1 degrees of freedom (Boost.Math). Infinite for n < 2;
// 0 when the variance is 0. Throws Error("stats.confidence") unless
// 0 < confidence < 1.
double mean_half_width(double sample_variance, std::uint64_t n, double confidence = 0.95);

// Sequential stopping (adaptive Monte Carlo): the smallest n >= min_n such that
// the two-sided `confidence` interval of the first n observations is at most
// `width` wide, or 0 when no prefix is. Checking every prefix makes the answer
// independent of how the observations were produced in batches.
//   first_mean_within: of the mean of values[0..n) (2 x mean_half_width); a
//     prefix holding a NaN has no interval, nor has any longer one.
//   first_proportion_within: of the proportion of successes[0..n) that are
//     non-zero (the Wilson interval, as wilson_interval).
// Throws Error("stats.confidence") unless 0 < confidence < 1.
std::size_t first_mean_within(std::span<const double> values, double width, double confidence = 0.95,
                              std::size_t min_n = 2);
std::size_t first_proportion_within(std::span<const std::uint8_t> successes, double width, double confidence = 0.95,
                                    std::size_t min_n = 1);

}  // namespace gwsim

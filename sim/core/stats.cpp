#include "core/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>

#include "core/error.hpp"

namespace gwsim {

namespace acc = boost::accumulators;

TimeWeighted::TimeWeighted(Tick start, double initial)
    : start_(start), last_(start), value_(initial), min_(initial), max_(initial) {}

void TimeWeighted::out_of_order(Tick now) const {
  throw Error("stats.time", fmt::format("update at tick {} is before the last one ({})", now, last_));
}

double TimeWeighted::integral_hours(Tick now) const {
  if (now < last_)
    throw Error("stats.time", fmt::format("query at tick {} is before the last update ({})", now, last_));
  return acc::weighted_sum_kahan(acc_) + value_ * to_hours(now - last_);
}

double TimeWeighted::mean(Tick now) const {
  if (now <= start_) return value_;
  return integral_hours(now) / to_hours(now - start_);
}

void Tally::add(double x) {
  acc_(x);
  values_.push_back(x);
}

std::uint64_t Tally::count() const { return acc::count(acc_); }

double Tally::mean() const { return count() == 0 ? std::numeric_limits<double>::quiet_NaN() : acc::mean(acc_); }

double Tally::variance() const {
  const auto n = static_cast<double>(count());
  if (n < 2) return 0.0;
  return acc::variance(acc_) * n / (n - 1.0);  // Boost's is the population variance
}

double Tally::ci_half_width(double confidence) const { return mean_half_width(variance(), count(), confidence); }

double Tally::min() const { return count() == 0 ? std::numeric_limits<double>::quiet_NaN() : acc::min(acc_); }
double Tally::max() const { return count() == 0 ? std::numeric_limits<double>::quiet_NaN() : acc::max(acc_); }

std::vector<double> Tally::quantiles(const std::vector<double>& probabilities) const {
  if (values_.empty()) throw Error("stats.quantile", "quantile of an empty tally");
  for (double p : probabilities)
    if (!(p >= 0.0 && p <= 1.0))
      throw Error("stats.quantile", fmt::format("quantile probability {} is not in [0, 1]", p));
  std::vector<double> sorted = values_;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> out;
  out.reserve(probabilities.size());
  for (double p : probabilities) out.push_back(quantile_sorted(sorted, p));
  return out;
}

double quantile(std::vector<double>& values, double q) {
  std::sort(values.begin(), values.end());
  return quantile_sorted(values, q);
}

double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::nan("");
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

namespace {

void check_confidence(double confidence) {
  if (!(confidence > 0 && confidence < 1))
    throw Error("stats.confidence", fmt::format("confidence {} is not in (0, 1)", confidence));
}

}  // namespace

double mean_half_width(double sample_variance, std::uint64_t n, double confidence) {
  check_confidence(confidence);
  if (n < 2) return std::numeric_limits<double>::infinity();
  const boost::math::students_t t(static_cast<double>(n - 1));
  return boost::math::quantile(boost::math::complement(t, (1 - confidence) / 2)) *
         std::sqrt(sample_variance / static_cast<double>(n));
}

std::size_t first_mean_within(std::span<const double> values, double width, double confidence, std::size_t min_n) {
  check_confidence(confidence);
  acc::accumulator_set<double, acc::stats<acc::tag::variance>> a;  // running mean and (population) variance
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) return 0;
    a(values[i]);
    const std::size_t n = i + 1;
    if (n < min_n || n < 2) continue;
    const auto dn = static_cast<double>(n);
    if (2 * mean_half_width(acc::variance(a) * dn / (dn - 1), n, confidence) <= width) return n;
  }
  return 0;
}

std::size_t first_proportion_within(std::span<const std::uint8_t> successes, double width, double confidence,
                                    std::size_t min_n) {
  check_confidence(confidence);
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < successes.size(); ++i) {
    k += successes[i] != 0 ? 1 : 0;
    const std::size_t n = i + 1;
    if (n < min_n) continue;
    const Interval ci = wilson_interval(k, n, confidence);
    if (ci.hi - ci.lo <= width) return n;
  }
  return 0;
}

Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double confidence) {
  if (trials == 0 || successes > trials || !(confidence > 0 && confidence < 1))
    throw Error("stats.wilson", "the Wilson interval needs 0 <= successes <= trials, trials > 0, 0 < confidence < 1");
  const double z = boost::math::quantile(boost::math::normal_distribution<double>(), 1 - (1 - confidence) / 2);
  const auto n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return Interval{std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace gwsim

// The probability laws a scenario names (sim/core/distribution.hpp; the table
// "Distribution" in docs/scenarios.md). Draws are checked against the law's
// closed-form moments within 4 standard errors (n = 10,000; a fixed seed, so
// the outcome is deterministic).

#include <algorithm>
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "core/distribution.hpp"
#include "core/random.hpp"

using gwsim::Distribution;

namespace {

constexpr int kDraws = 10000;

std::vector<double> draws(const Distribution& d) {
  gwsim::RandomEngine rng = gwsim::RandomStreams(5).stream("distribution");
  std::vector<double> v;
  v.reserve(kDraws);
  for (int i = 0; i < kDraws; ++i) v.push_back(gwsim::sample(d, rng));
  return v;
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double sd_of(const std::vector<double>& v) {
  const double m = mean_of(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

}  // namespace

TEST_CASE("rule: uniform draws spread over [min, max]; min == max is always min (docs/scenarios.md)",
          "[distribution][rule]") {
  // U(1, 3): mean 2, sd 2 / sqrt(12) = 0.5774; standard error of the mean
  // 0.5774 / sqrt(10,000) = 0.00577, 4 of them 0.0231.
  const auto v = draws(gwsim::Uniform{1.0, 3.0});
  REQUIRE(*std::min_element(v.begin(), v.end()) >= 1.0);
  REQUIRE(*std::max_element(v.begin(), v.end()) <= 3.0);
  REQUIRE(mean_of(v) == Approx(2.0).margin(0.0231));
  REQUIRE(sd_of(v) == Approx(2.0 / std::sqrt(12.0)).margin(0.02));
  // Degenerate: no draw at all (Boost's uniform_real_distribution needs min < max).
  for (double x : draws(gwsim::Uniform{4.5, 4.5})) REQUIRE(x == 4.5);
  REQUIRE(gwsim::mean(gwsim::Uniform{1.0, 3.0}) == 2.0);
}

TEST_CASE("rule: normal draws have mean and sd; sd 0 is always the mean (docs/scenarios.md)", "[distribution][rule]") {
  // N(10, 1): standard error of the mean 1 / 100 = 0.01 (4 of them 0.04); of
  // the sd about 1 / sqrt(2 x 10,000) = 0.00707 (4 of them 0.028).
  const auto v = draws(gwsim::Normal{10.0, 1.0});
  REQUIRE(mean_of(v) == Approx(10.0).margin(0.04));
  REQUIRE(sd_of(v) == Approx(1.0).margin(0.028));
  for (double x : draws(gwsim::Normal{-3.0, 0.0})) REQUIRE(x == -3.0);
}

TEST_CASE("rule: lognormal draws have the median; sigma 0 is always the median (docs/scenarios.md)",
          "[distribution][rule]") {
  // exp(N(ln 4, 0.5^2)): half the draws fall below 4, within 4 x sqrt(0.25 / 10,000) = 0.02;
  // the mean is 4 exp(0.5^2 / 2) = 4.5330.
  const auto v = draws(gwsim::Lognormal{4.0, 0.5});
  const auto below = std::count_if(v.begin(), v.end(), [](double x) { return x < 4.0; });
  REQUIRE(static_cast<double>(below) / kDraws == Approx(0.5).margin(0.02));
  REQUIRE(*std::min_element(v.begin(), v.end()) > 0.0);
  REQUIRE(gwsim::mean(gwsim::Lognormal{4.0, 0.5}) == Approx(4.0 * std::exp(0.125)));
  // exactly the median: exp(ln 10) is 10.000000000000002 in doubles
  for (double x : draws(gwsim::Lognormal{10.0, 0.0})) REQUIRE(x == 10.0);
}

TEST_CASE("rule: exponential draws have the mean; fixed is always its value (docs/scenarios.md)",
          "[distribution][rule]") {
  // Exp(mean 5): sd 5, standard error of the mean 5 / 100 = 0.05, 4 of them 0.2.
  const auto v = draws(gwsim::Exponential{5.0});
  REQUIRE(mean_of(v) == Approx(5.0).margin(0.2));
  REQUIRE(*std::min_element(v.begin(), v.end()) >= 0.0);
  for (double x : draws(gwsim::Fixed{7.25})) REQUIRE(x == 7.25);
}

TEST_CASE("a degenerate law is a constant: it draws nothing from its stream", "[distribution]") {
  // So `normal` with sd 0 (lognormal sigma 0, uniform min == max) draws as `fixed`
  // does, and the later draws of the same stream do not move.
  for (const Distribution& d : {Distribution{gwsim::Normal{2.0, 0.0}}, Distribution{gwsim::Lognormal{2.0, 0.0}},
                                Distribution{gwsim::Uniform{2.0, 2.0}}, Distribution{gwsim::Fixed{2.0}}}) {
    gwsim::RandomEngine rng = gwsim::RandomStreams(5).stream("distribution");
    const gwsim::RandomEngine untouched = rng;
    REQUIRE(gwsim::sample(d, rng) == 2.0);
    REQUIRE(rng == untouched);
  }
}

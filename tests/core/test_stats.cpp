#include <cmath>
#include <cstdint>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/random.hpp"
#include "core/stats.hpp"

TEST_CASE("counter counts", "[stats]") {
  gwsim::Counter c;
  c.add();
  c.add(41);
  REQUIRE(c.value() == 42);
}

TEST_CASE("time-weighted average of a piecewise constant level", "[stats]") {
  gwsim::TimeWeighted q(0, 0.0);
  q.set(gwsim::hours(1), 10.0);  // 0 for 1 h
  q.set(gwsim::hours(3), 4.0);   // 10 for 2 h
  q.add(gwsim::hours(4), -4.0);  // 4 for 1 h, then 0
  // integral over 6 h: 0*1 + 10*2 + 4*1 + 0*2 = 24 level-hours
  REQUIRE(q.integral_hours(gwsim::hours(6)) == Approx(24.0));
  REQUIRE(q.mean(gwsim::hours(6)) == Approx(4.0));
  REQUIRE(q.max() == 10.0);
  REQUIRE(q.min() == 0.0);
  REQUIRE(q.value() == 0.0);
  REQUIRE_THROWS_AS(q.set(gwsim::hours(2), 1.0), gwsim::Error);  // time went backwards
  // over no time at all, the mean is the level itself
  gwsim::TimeWeighted r(gwsim::hours(5), 7.0);
  REQUIRE(r.mean(gwsim::hours(5)) == 7.0);
}

TEST_CASE("time-weighted mean does not drift over years of minute updates", "[stats]") {
  gwsim::TimeWeighted q(0, 0.0);
  gwsim::Tick t = 0;
  for (int i = 0; i < 1'000'000; ++i) {  // ~1.9 years of minutes, alternating 1 and 3
    t += gwsim::minutes(1);
    q.set(t, (i % 2 == 0) ? 3.0 : 1.0);
  }
  // segments: 0 for the first minute, then 3,1,3,...,3 (500,000 threes and
  // 499,999 ones) over 1e6 minutes in all
  REQUIRE(q.mean(t) == Approx(1'999'999.0 / 1'000'000.0).epsilon(1e-12));
}

TEST_CASE("tally: moments, confidence interval and quantiles of an exponential", "[stats]") {
  gwsim::Tally t;
  gwsim::RandomStreams streams(5);
  auto rng = streams.stream("tally");
  boost::random::exponential_distribution<double> exp(1.0);  // mean 1, variance 1
  for (int i = 0; i < 200'000; ++i) t.add(exp(rng));
  REQUIRE(t.count() == 200'000);
  REQUIRE(std::abs(t.mean() - 1.0) < 3 * t.ci95_half_width());
  REQUIRE(t.ci95_half_width() == Approx(1.96 / std::sqrt(200'000.0)).epsilon(0.02));
  REQUIRE(t.variance() == Approx(1.0).epsilon(0.02));
  // exponential quantiles: -ln(1 - p)
  REQUIRE(t.quantile(0.5) == Approx(std::log(2.0)).epsilon(0.02));
  REQUIRE(t.quantile(0.9) == Approx(std::log(10.0)).epsilon(0.02));
  REQUIRE(t.quantile(0.99) == Approx(std::log(100.0)).epsilon(0.03));
  REQUIRE(t.min() >= 0.0);
  REQUIRE(t.max() > t.quantile(0.99));
  // exact: the same as quantile() over the observations
  std::vector<double> v = t.values();
  REQUIRE(t.quantile(0.75) == gwsim::quantile(v, 0.75));
  REQUIRE(t.quantiles({0.0, 1.0}) == std::vector<double>{t.min(), t.max()});
}

TEST_CASE("tally edge cases", "[stats]") {
  gwsim::Tally t;
  REQUIRE(t.count() == 0);
  REQUIRE(std::isnan(t.mean()));
  REQUIRE_THROWS_AS(t.quantile(0.5), gwsim::Error);
  t.add(3.0);
  REQUIRE(t.mean() == 3.0);
  REQUIRE(t.variance() == 0.0);
  REQUIRE(std::isinf(t.ci95_half_width()));
  t.add(5.0);
  REQUIRE(t.variance() == Approx(2.0));  // sample variance of {3, 5}
  REQUIRE(t.quantile(0.5) == 4.0);
  REQUIRE_THROWS_AS(t.quantile(1.5), gwsim::Error);
}

TEST_CASE("tally: exact type-7 quantiles of a tiny set, worked by hand", "[stats]") {
  gwsim::Tally t;
  for (double x : {0.0, 10.0, 2.0, 4.0, 1.0}) t.add(x);  // sorted: 0 1 2 4 10; position p x 4
  const std::vector<double> q = t.quantiles({0.5, 0.9, 0.99});
  REQUIRE(q[0] == 2.0);                                                  // position 2: the third, exactly
  REQUIRE(q[1] == Approx(7.6).epsilon(1e-15));                           // position 3.6: 4 + 0.6 x (10 - 4)
  REQUIRE(q[2] == Approx(9.76).epsilon(1e-15));                          // position 3.96: 4 + 0.96 x 6
  REQUIRE(t.quantile(0.25) == 1.0);                                      // position 1
  REQUIRE(t.values() == std::vector<double>{0.0, 10.0, 2.0, 4.0, 1.0});  // kept in the order added
}

TEST_CASE("quantile: exact, type 7 (linear between order statistics), worked by hand", "[stats]") {
  std::vector<double> v{4.0, 1.0, 3.0, 2.0};  // sorted: 1 2 3 4; position q x 3
  REQUIRE(gwsim::quantile(v, 0.0) == 1.0);
  REQUIRE(gwsim::quantile(v, 0.5) == 2.5);          // between 2 and 3
  REQUIRE(gwsim::quantile(v, 0.1) == Approx(1.3));  // 1 + 0.3 x (2 - 1)
  REQUIRE(gwsim::quantile(v, 0.9) == Approx(3.7));  // 3 + 0.7 x (4 - 3)
  REQUIRE(gwsim::quantile(v, 1.0) == 4.0);
  std::vector<double> one{7.0};
  REQUIRE(gwsim::quantile(one, 0.9) == 7.0);
  std::vector<double> none;
  REQUIRE(std::isnan(gwsim::quantile(none, 0.5)));
}

TEST_CASE("rule: the 95% interval of a mean is Student's t with n - 1 degrees of freedom, worked by hand",
          "[stats][rule]") {
  // {1, 2, 3}: mean 2, sample variance 1, n = 3: half width t(0.975; 2) x sqrt(1 / 3)
  // = 4.302653 x 0.577350 = 2.484138 (t from the table; with 4 degrees of freedom it would be 2.776).
  gwsim::Tally t;
  for (const double v : {1.0, 2.0, 3.0}) t.add(v);
  REQUIRE(t.ci95_half_width() == Approx(4.302653 * std::sqrt(1.0 / 3.0)).epsilon(1e-6));
  // {3, 5}: variance 2, n = 2, t(0.975; 1) = 12.706205: 12.706205 x sqrt(2 / 2)
  gwsim::Tally two;
  two.add(3.0);
  two.add(5.0);
  REQUIRE(two.ci95_half_width() == Approx(12.706205).epsilon(1e-6));
}

TEST_CASE("mean_half_width: Student's t at any confidence, worked by hand", "[stats]") {
  // variance 1, n = 4: t(0.975; 3) = 3.182446 x sqrt(1 / 4); at 90%, t(0.95; 3) = 2.353363
  REQUIRE(gwsim::mean_half_width(1.0, 4) == Approx(3.182446 / 2).epsilon(1e-6));
  REQUIRE(gwsim::mean_half_width(1.0, 4, 0.9) == Approx(2.353363 / 2).epsilon(1e-6));
  REQUIRE(gwsim::mean_half_width(0.0, 4) == 0.0);
  REQUIRE(std::isinf(gwsim::mean_half_width(1.0, 1)));
  REQUIRE_THROWS_AS(gwsim::mean_half_width(1.0, 4, 1.0), gwsim::Error);
  gwsim::Tally t;
  for (const double v : {1.0, 2.0, 3.0}) t.add(v);
  REQUIRE(t.ci_half_width(0.95) == t.ci95_half_width());
}

TEST_CASE("first_mean_within: the first prefix whose interval is narrow enough, worked by hand", "[stats]") {
  // widths (2 x half): {1,2}: 2 x 12.706 x sqrt(0.5/2) = 12.71; {1,2,3}: 2 x 4.303 x sqrt(1/3) = 4.97;
  // {1,2,3,4}: 2 x 3.182 x sqrt(1.6667/4) = 4.11
  const std::vector<double> v{1.0, 2.0, 3.0, 4.0};
  REQUIRE(gwsim::first_mean_within(v, 4.2) == 4);
  REQUIRE(gwsim::first_mean_within(v, 5.0) == 3);
  REQUIRE(gwsim::first_mean_within(v, 4.0) == 0);  // none of the prefixes
  REQUIRE(gwsim::first_mean_within(v, 13.0) == 2);
  REQUIRE(gwsim::first_mean_within(v, 13.0, 0.95, 3) == 3);  // not before min_n
  const std::vector<double> same{5.0, 5.0, 5.0, 5.0};
  REQUIRE(gwsim::first_mean_within(same, 1e-9, 0.95, 3) == 3);
  const std::vector<double> gap{5.0, std::nan(""), 5.0, 5.0};
  REQUIRE(gwsim::first_mean_within(gap, 1.0) == 0);  // a NaN: no interval from there on
}

TEST_CASE("first_proportion_within: the Wilson width of 0 of n is z^2 / (n + z^2)", "[stats]") {
  // width <= 0.1 from n >= z^2 (1 / 0.1 - 1) = 3.8415 x 9 = 34.57, so n = 35
  const std::vector<std::uint8_t> zeros(50, 0);
  REQUIRE(gwsim::first_proportion_within(zeros, 0.1) == 35);
  REQUIRE(gwsim::first_proportion_within(zeros, 0.1, 0.95, 40) == 40);
  REQUIRE(gwsim::first_proportion_within(std::vector<std::uint8_t>(30, 0), 0.1) == 0);
  REQUIRE(gwsim::first_proportion_within(std::vector<std::uint8_t>(60, 1), 0.1) == 35);  // symmetric
}

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/stats.hpp"

TEST_CASE("Wilson score interval against published values", "[stats][wilson]") {
  // 8 of 10 at 95%: [0.4902, 0.9433] (Wikipedia "Binomial proportion confidence interval", Wilson score)
  const gwsim::Interval a = gwsim::wilson_interval(8, 10);
  CHECK(a.lo == Approx(0.4902).margin(5e-5));
  CHECK(a.hi == Approx(0.9433).margin(5e-5));
  // 81 of 263: [0.2553, 0.3662] (Newcombe, Statistics in Medicine 17, 1998, Table II, method 3)
  const gwsim::Interval b = gwsim::wilson_interval(81, 263);
  CHECK(b.lo == Approx(0.2553).margin(5e-5));
  CHECK(b.hi == Approx(0.3662).margin(5e-5));
  // the ends: 0 of n starts at 0, n of n ends at 1
  CHECK(gwsim::wilson_interval(0, 10).lo == 0);
  CHECK(gwsim::wilson_interval(10, 10).hi == Approx(1.0).margin(1e-15));
  CHECK(gwsim::wilson_interval(0, 10).hi == Approx(0.27753).margin(5e-5));
  // wider at 99% than at 95%
  CHECK(gwsim::wilson_interval(8, 10, 0.99).lo < a.lo);
  CHECK_THROWS_AS(gwsim::wilson_interval(1, 0), gwsim::Error);
  CHECK_THROWS_AS(gwsim::wilson_interval(11, 10), gwsim::Error);
}

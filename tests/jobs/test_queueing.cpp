#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "jobs/queueing.hpp"

namespace q = gwsim::queueing;

namespace {

// Independent reference: the classic Erlang B recursion
//   B(0) = 1,  B(k) = a B(k-1) / (k + a B(k-1)),
// numerically stable for any c (every step is a ratio of positive terms),
// in long double; then C = B / (1 - rho (1 - B)).
long double erlang_b_recursion(long double a, int c) {
  long double b = 1.0L;
  for (int k = 1; k <= c; ++k) b = a * b / (static_cast<long double>(k) + a * b);
  return b;
}

long double erlang_c_recursion(long double lambda, long double mu, int c) {
  const long double a = lambda / mu;
  const long double rho = a / c;
  const long double b = erlang_b_recursion(a, c);
  return b / (1.0L - rho * (1.0L - b));
}

// The textbook formula with explicit powers and factorials; fine for small c.
double erlang_c_textbook(double a, int c) {
  long double sum = 0.0L, term = 1.0L;  // term = a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const long double last = term * c / (c - a);  // a^c / c! * c / (c - a)
  return static_cast<double>(last / (sum + last));
}

std::string code_of(void (*f)()) {
  try {
    f();
  } catch (const gwsim::Error& e) {
    return e.code();
  }
  return "no error";
}

}  // namespace

TEST_CASE("M/M/1: P(wait) = rho and Wq = rho / (mu - lambda)", "[queueing]") {
  REQUIRE(q::erlang_c(0.5, 1.0, 1) == Approx(0.5).epsilon(1e-14));
  REQUIRE(q::mmc_mean_wait(0.5, 1.0, 1) == Approx(1.0).epsilon(1e-14));
  REQUIRE(q::erlang_c(3.0, 4.0, 1) == Approx(0.75).epsilon(1e-14));
  REQUIRE(q::mmc_mean_wait(3.0, 4.0, 1) == Approx(0.75 / (4.0 - 3.0)).epsilon(1e-14));
  REQUIRE(q::mmc_mean_wait(95.0, 100.0, 1) == Approx(0.95 / 5.0).epsilon(1e-13));
}

TEST_CASE("M/M/2: P(wait) = 2 rho^2 / (1 + rho)", "[queueing]") {
  for (double rho : {0.05, 0.3, 0.5, 0.8, 0.95, 0.999}) {
    const double mu = 2.5, lambda = 2.0 * mu * rho;
    const double expected = 2.0 * rho * rho / (1.0 + rho);
    INFO("rho = " << rho);
    REQUIRE(q::erlang_c(lambda, mu, 2) == Approx(expected).epsilon(1e-13));
    // Wq = C / (2 mu - lambda) = rho^2 / (mu (1 - rho^2))
    REQUIRE(q::mmc_mean_wait(lambda, mu, 2) == Approx(rho * rho / (mu * (1.0 - rho * rho))).epsilon(1e-12));
  }
}

TEST_CASE("Erlang C textbook value: c = 10, a = 8", "[queueing]") {
  // Tables (e.g. Kleinrock, Queueing Systems vol. 1; any call-centre table)
  // give C(10, 8) = 0.409; the exact value is 0.40918...
  const double c10 = q::erlang_c(8.0, 1.0, 10);
  REQUIRE(c10 == Approx(0.409).margin(5e-4));
  REQUIRE(c10 == Approx(erlang_c_textbook(8.0, 10)).epsilon(1e-13));
  REQUIRE(q::mmc_mean_wait(8.0, 1.0, 10) == Approx(c10 / 2.0).epsilon(1e-14));
  // Erlang B(10, 8) = 0.12166 (tables)
  REQUIRE(q::erlang_b(8.0, 10) == Approx(0.12166).margin(1e-5));
}

TEST_CASE("Erlang C agrees with the textbook sum and the B recursion", "[queueing]") {
  for (int c : {1, 2, 3, 5, 10, 20, 50, 100}) {
    for (double rho : {0.01, 0.2, 0.5, 0.8, 0.9, 0.95, 0.99}) {
      const double a = rho * c;
      INFO("c = " << c << ", rho = " << rho);
      const double got = q::erlang_c(a, 1.0, c);
      REQUIRE(got == Approx(erlang_c_textbook(a, c)).epsilon(1e-11));
      REQUIRE(got == Approx(static_cast<double>(erlang_c_recursion(a, 1.0L, c))).epsilon(1e-11));
    }
  }
}

TEST_CASE("Erlang C is stable for large c", "[queueing]") {
  for (int c : {1000, 10000, 100000}) {
    for (double rho : {0.9, 0.95, 0.99, 0.999}) {
      const double lambda = rho * c;
      INFO("c = " << c << ", rho = " << rho);
      const double p = q::erlang_c(lambda, 1.0, c);
      REQUIRE(std::isfinite(p));
      REQUIRE(p > 0.0);
      REQUIRE(p < 1.0);
      REQUIRE(p == Approx(static_cast<double>(erlang_c_recursion(lambda, 1.0L, c))).epsilon(1e-9));
      REQUIRE(std::isfinite(q::mmc_mean_wait(lambda, 1.0, c)));
    }
  }
  // c = 10000 at rho = 0.95: the Halfin-Whitt regime with beta = (1 - rho) sqrt(c) = 5,
  // where C ~ 1 / (1 + beta Phi(beta) / phi(beta)) = 3.0e-7; the exact value is 1.93e-7.
  const double p = q::erlang_c(9500.0, 1.0, 10000);
  REQUIRE(p == Approx(1.9285e-7).epsilon(1e-4));
  // Far below saturation the probability underflows to exactly 0, not NaN.
  const double tiny = q::erlang_c(50000.0, 1.0, 100000);
  REQUIRE(tiny >= 0.0);
  REQUIRE(tiny < 1e-300);
  REQUIRE(q::mmc_mean_wait(50000.0, 1.0, 100000) == Approx(0.0).margin(1e-300));
}

TEST_CASE("Erlang C grows with load and shrinks with servers", "[queueing]") {
  double last = 0.0;
  for (double a = 0.5; a < 20.0; a += 0.5) {
    const double p = q::erlang_c(a, 1.0, 20);
    REQUIRE(p > last);
    last = p;
  }
  // the same offered load on more servers waits less
  REQUIRE(q::erlang_c(8.0, 1.0, 12) < q::erlang_c(8.0, 1.0, 10));
  // economies of scale: the same utilization on 10x the servers waits less
  REQUIRE(q::erlang_c(900.0, 1.0, 1000) < q::erlang_c(90.0, 1.0, 100));
}

TEST_CASE("Erlang B beyond saturation", "[queueing]") {
  // a >= c is allowed for the loss system; B(1, a) = a / (1 + a)
  REQUIRE(q::erlang_b(1000.0, 1) == Approx(1000.0 / 1001.0).epsilon(1e-14));
  REQUIRE(q::erlang_b(3.0, 3) == Approx(static_cast<double>(erlang_b_recursion(3.0L, 3))).epsilon(1e-13));
  for (int c : {10, 1000, 100000})
    for (double ratio : {1.0, 1.01, 2.0, 100.0}) {
      INFO("c = " << c << ", a / c = " << ratio);
      const long double a = ratio * c;
      REQUIRE(q::erlang_b(static_cast<double>(a), c) ==
              Approx(static_cast<double>(erlang_b_recursion(a, c))).epsilon(1e-9));
    }
}

TEST_CASE("Pollaczek-Khinchine", "[queueing]") {
  // exponential service (variance = mean^2) is M/M/1
  REQUIRE(q::mg1_mean_wait(0.5, 1.0, 1.0) == Approx(q::mmc_mean_wait(0.5, 1.0, 1)).epsilon(1e-14));
  REQUIRE(q::mg1_mean_wait(0.8, 1.0, 1.0) == Approx(4.0).epsilon(1e-14));
  REQUIRE(q::mg1_mean_wait(2.0, 0.25, 0.0625) == Approx(q::mmc_mean_wait(2.0, 4.0, 1)).epsilon(1e-14));
  // deterministic service (M/D/1) waits half as long: rho / (2 mu (1 - rho))
  REQUIRE(q::mg1_mean_wait(0.8, 1.0, 0.0) == Approx(2.0).epsilon(1e-14));
  // lognormal, median e^-1/2 and sigma 1: mean 1, E[S^2] = e; rho = 0.7
  REQUIRE(q::mg1_mean_wait(0.7, 1.0, std::exp(1.0) - 1.0) == Approx(0.7 * std::exp(1.0) / 0.6).epsilon(1e-14));
  // uniform on [0, 2]: mean 1, variance 1/3; rho = 0.5: 0.5 * (4/3) / 1
  REQUIRE(q::mg1_mean_wait(0.5, 1.0, 1.0 / 3.0) == Approx(2.0 / 3.0).epsilon(1e-14));
}

TEST_CASE("queueing errors have stable codes", "[queueing]") {
  // rho >= 1: no steady state
  REQUIRE(code_of([] { q::erlang_c(1.0, 1.0, 1); }) == "queueing.unstable");
  REQUIRE(code_of([] { q::erlang_c(10.0, 1.0, 10); }) == "queueing.unstable");
  REQUIRE(code_of([] { q::mmc_mean_wait(25.0, 1.0, 20); }) == "queueing.unstable");
  REQUIRE(code_of([] { q::mg1_mean_wait(1.0, 1.0, 0.5); }) == "queueing.unstable");
  REQUIRE(code_of([] { q::mg1_mean_wait(2.0, 1.0, 0.5); }) == "queueing.unstable");
  // non-positive or non-finite inputs
  REQUIRE(code_of([] { q::erlang_c(0.0, 1.0, 1); }) == "queueing.args");
  REQUIRE(code_of([] { q::erlang_c(-1.0, 1.0, 1); }) == "queueing.args");
  REQUIRE(code_of([] { q::erlang_c(0.5, 0.0, 1); }) == "queueing.args");
  REQUIRE(code_of([] { q::erlang_c(0.5, 1.0, 0); }) == "queueing.args");
  REQUIRE(code_of([] { q::erlang_c(0.5, 1.0, -3); }) == "queueing.args");
  REQUIRE(code_of([] { q::erlang_c(std::numeric_limits<double>::quiet_NaN(), 1.0, 1); }) == "queueing.args");
  REQUIRE(code_of([] { q::erlang_c(0.5, std::numeric_limits<double>::infinity(), 1); }) == "queueing.args");
  REQUIRE(code_of([] { q::mmc_mean_wait(0.5, -1.0, 2); }) == "queueing.args");
  REQUIRE(code_of([] { q::mg1_mean_wait(0.0, 1.0, 1.0); }) == "queueing.args");
  REQUIRE(code_of([] { q::mg1_mean_wait(0.5, 0.0, 1.0); }) == "queueing.args");
  REQUIRE(code_of([] { q::mg1_mean_wait(0.5, 1.0, -0.1); }) == "queueing.args");
  REQUIRE(code_of([] { q::mg1_mean_wait(0.5, 1.0, std::numeric_limits<double>::quiet_NaN()); }) == "queueing.args");
  REQUIRE(code_of([] { q::erlang_b(0.0, 3); }) == "queueing.args");
  REQUIRE(code_of([] { q::erlang_b(1.0, 0); }) == "queueing.args");
  REQUIRE_THROWS_AS(q::erlang_c(2.0, 1.0, 2), gwsim::Error);
}

#include "jobs/queueing.hpp"

#include <cmath>

#include <boost/math/special_functions/gamma.hpp>
#include <fmt/format.h>

#include "core/error.hpp"

namespace gwsim::queueing {

namespace {

void require_positive(double x, const char* name) {
  if (!(std::isfinite(x) && x > 0.0))
    throw Error("queueing.args", fmt::format("{} must be a finite number > 0, got {}", name, x));
}

void require_servers(int c) {
  if (c < 1) throw Error("queueing.args", fmt::format("the number of servers c must be >= 1, got {}", c));
}

void require_stable(double rho, const char* model) {
  if (!(rho < 1.0))
    throw Error("queueing.unstable",
                fmt::format("{} has no steady state: utilization rho = {} is not below 1", model, rho));
}

// B(c, a) = P(N = c) / P(N <= c), N ~ Poisson(a).
//   P(N = c)  = a^c e^-a / c! = d/dx P(c + 1, x) at x = a  (gamma_p_derivative)
//   P(N <= c) = Q(c + 1, a)                                  (gamma_q)
// Both are computed by Boost without forming a^c or c!. For a < c (every
// stable M/M/c) Q(c + 1, a) is not small (about 1/2 or more), so the ratio is
// well conditioned, and an underflowing P(N = c) correctly gives B = 0.
// For a >= c both factors can underflow (e^-a), so there the reciprocal
// 1/B = sum_{j=0..c} c (c-1) ... (c-j+1) / a^j is summed instead: positive
// terms that shrink at least as fast as (c/a)^j e^(-j(j-1)/2c), so a few
// thousand terms at most even for c = 1e5.
double erlang_b_unchecked(double a, int c) {
  if (a < static_cast<double>(c)) {
    const double n = static_cast<double>(c) + 1.0;
    return boost::math::gamma_p_derivative(n, a) / boost::math::gamma_q(n, a);
  }
  double term = 1.0, inv_b = 1.0;
  for (int j = 0; j < c; ++j) {
    term *= static_cast<double>(c - j) / a;
    inv_b += term;
    if (term < 1e-17 * inv_b) break;
  }
  return 1.0 / inv_b;
}

}  // namespace

double erlang_b(double a, int c) {
  require_positive(a, "offered load a");
  require_servers(c);
  return erlang_b_unchecked(a, c);
}

double erlang_c(double lambda, double mu, int c) {
  require_positive(lambda, "arrival rate lambda");
  require_positive(mu, "service rate mu");
  require_servers(c);
  const double a = lambda / mu;
  const double rho = a / static_cast<double>(c);
  require_stable(rho, "M/M/c");
  // C = B / (1 - rho (1 - B)); the denominator is in (1 - rho, 1].
  const double b = erlang_b_unchecked(a, c);
  return b / (1.0 - rho * (1.0 - b));
}

double mmc_mean_wait(double lambda, double mu, int c) {
  const double p_wait = erlang_c(lambda, mu, c);  // validates the arguments
  return p_wait / (static_cast<double>(c) * mu - lambda);
}

double mg1_mean_wait(double lambda, double mean_s, double var_s) {
  require_positive(lambda, "arrival rate lambda");
  require_positive(mean_s, "mean service time");
  if (!(std::isfinite(var_s) && var_s >= 0.0))
    throw Error("queueing.args", fmt::format("the service time variance must be a finite number >= 0, got {}", var_s));
  const double rho = lambda * mean_s;
  require_stable(rho, "M/G/1");
  const double second_moment = var_s + mean_s * mean_s;
  return lambda * second_moment / (2.0 * (1.0 - rho));
}

}  // namespace gwsim::queueing

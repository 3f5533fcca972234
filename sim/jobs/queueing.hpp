// gwsim/sim/jobs/queueing.hpp -- closed-form queueing results, the references
// the job model is validated against (docs/validation.md).
//
//   erlang_b(a, c)             blocking probability of M/M/c/c at offered load a
//   erlang_c(lambda, mu, c)    probability that an arrival waits in M/M/c
//   mmc_mean_wait(lambda, mu, c)        Wq = C(c, a) / (c mu - lambda)
//   mg1_mean_wait(lambda, mean_s, var_s)  Pollaczek-Khinchine
//                                         Wq = lambda E[S^2] / (2 (1 - rho))
//
// Rates are per unit time (e.g. per hour) and waits come out in the same unit.
// Erlang B is evaluated through the Poisson law with Boost.Math's regularized
// incomplete gamma functions, B = P(N = c) / P(N <= c) with N ~ Poisson(a), so
// it is accurate for c up to 1e5 and beyond (no factorials, no a^c); when
// P(N = c) underflows (a far below c) the result is 0, which is the correct
// value to double precision.
//
// Errors: Error("queueing.args") for non-finite or non-positive rates, means
// and server counts (a negative variance too; a zero variance is allowed:
// M/D/1); Error("queueing.unstable") when rho >= 1 (no steady state).
#pragma once

namespace gwsim::queueing {

// Erlang B: probability that all c servers are busy in M/M/c/c with offered
// load a = lambda / mu > 0 (any a, no stability condition).
double erlang_b(double a, int c);

// Erlang C: probability of waiting in M/M/c with arrival rate lambda, service
// rate mu per server and c servers; needs rho = lambda / (c mu) < 1.
double erlang_c(double lambda, double mu, int c);

// Mean wait in queue (before service starts) in M/M/c, FIFO.
double mmc_mean_wait(double lambda, double mu, int c);

// Mean wait in queue in M/G/1 (any work-conserving order that does not look
// at service times, e.g. FIFO) with service time mean `mean_s` and variance
// `var_s`; needs rho = lambda mean_s < 1.
double mg1_mean_wait(double lambda, double mean_s, double var_s);

}  // namespace gwsim::queueing

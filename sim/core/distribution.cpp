#include "core/distribution.hpp"

#include <cmath>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

namespace gwsim {

namespace {
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;  // clang 14 lacks C++20 aggregate deduction
}  // namespace

double sample(const Distribution& d, RandomEngine& rng) {
  return std::visit(
      Overloaded{
          [](const Fixed& f) { return f.value; },
          [&](const Exponential& e) { return boost::random::exponential_distribution<double>(1.0 / e.mean)(rng); },
          [&](const Lognormal& l) {
            if (l.sigma == 0.0) return l.median;
            return boost::random::lognormal_distribution<double>(std::log(l.median), l.sigma)(rng);
          },
          [&](const Normal& n) {
            if (n.sd == 0.0) return n.mean;
            return boost::random::normal_distribution<double>(n.mean, n.sd)(rng);
          },
          [&](const Uniform& u) {
            if (u.min == u.max) return u.min;
            return boost::random::uniform_real_distribution<double>(u.min, u.max)(rng);
          },
      },
      d);
}

double mean(const Distribution& d) {
  return std::visit(Overloaded{
                        [](const Fixed& f) { return f.value; },
                        [](const Exponential& e) { return e.mean; },
                        [](const Lognormal& l) { return l.median * std::exp(0.5 * l.sigma * l.sigma); },
                        [](const Normal& n) { return n.mean; },
                        [](const Uniform& u) { return 0.5 * (u.min + u.max); },
                    },
                    d);
}

}  // namespace gwsim

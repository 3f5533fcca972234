// gwsim/sim/core/distribution.hpp -- the probability laws a scenario can
// name ("dist": "lognormal", ...), sampled with Boost.Random so that draws are
// the same on every platform.
#pragma once

#include <variant>

#include "core/random.hpp"

namespace gwsim {

struct Fixed {
  double value;
};
struct Exponential {
  double mean;
};
struct Lognormal {
  double median;
  double sigma;
};
struct Normal {
  double mean;
  double sd;
};
struct Uniform {
  double min;
  double max;
};

using Distribution = std::variant<Fixed, Exponential, Lognormal, Normal, Uniform>;

double sample(const Distribution& d, RandomEngine& rng);
double mean(const Distribution& d);

}  // namespace gwsim

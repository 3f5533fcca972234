#include "model/interconnect.hpp"

#include <boost/random/uniform_01.hpp>

namespace gwsim {

InterconnectOutcome draw_interconnect(const GridInterconnection& g, RandomEngine& rng) {
  InterconnectOutcome out;
  // Durations in days summed as days, then converted once: the end is exact for Fixed laws.
  const double study = sample(g.study_days, rng);
  const double agreement = sample(g.agreement_days, rng);
  const double construction = sample(g.construction_days, rng);
  out.studied = clamp_to_future(g.request + ticks_from_days(study));
  out.agreed = clamp_to_future(g.request + ticks_from_days(study + agreement));
  out.energized = clamp_to_future(g.request + ticks_from_days(study + agreement + construction));
  boost::random::uniform_01<double> u;
  const double withdraw_u = u(rng);
  const double downsize_u = u(rng);
  out.withdrawn = withdraw_u < g.withdraw_prob;
  if (!out.withdrawn && downsize_u < g.downsize_prob) out.fraction = g.downsize_fraction;
  return out;
}

}  // namespace gwsim

// gwsim/sim/model/interconnect.hpp -- a site's grid interconnection as a
// process (docs/power.md, "Grid interconnection and long-lead equipment"):
// requested at a date, then study, agreement and construction in turn, each
// a duration law; withdrawn, or downsized, with a probability.
//
//   InterconnectOutcome g = draw_interconnect(site.grid, rng);  // five draws
//   if (!g.withdrawn) ... at g.energized the grid stages may be energized
#pragma once

#include "core/distribution.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "scenario/power_supply.hpp"

namespace gwsim {

// The laws a scenario's `grid` gets when it names none (docs/power.md):
// lognormal, medians 690 + 320 + 690 days, sigma 0.5 each, so that the median
// request-to-energization is ~5 years (LBNL "Queued Up": ~5 years for
// projects built in 2023); how the total is split into phases is assumed.
inline constexpr double kDefaultStudyMedianDays = 690;
inline constexpr double kDefaultAgreementMedianDays = 320;
inline constexpr double kDefaultConstructionMedianDays = 690;
inline constexpr double kDefaultPhaseSigma = 0.5;

struct InterconnectOutcome {
  Tick studied = 0;    // the study ends
  Tick agreed = 0;     // the interconnection agreement is signed
  Tick energized = 0;  // construction ends: the grid stages may be energized
  bool withdrawn = false;
  double fraction = 1;  // of each grid stage's MW kept (downsize_fraction when downsized)
};

// Draws one site's interconnection: the three phase durations, then one
// uniform for the withdrawal and one for the downsizing, always all five (so
// that a site's probabilities do not move the next site's draws).
InterconnectOutcome draw_interconnect(const GridInterconnection& g, RandomEngine& rng);

}  // namespace gwsim

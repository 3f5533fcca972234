// gwsim/sim/model/curtailment.hpp -- grid curtailment (docs/power.md,
// "Curtailment"; Texas SB 6): per site, windows (dated, and/or Poisson arrivals
// at events_per_year on the stream "curtailment", each lasting event_hours)
// during which the site must shed `shed_mw`. It opens and closes the windows
// and tells the load shed (model/load_shed.hpp), which holds racks by the
// site's rule. Windows that overlap at a site (random ones may) count as one.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class CurtailmentWindows {
 public:
  // `set(si, cut_uw)`: the cut of site `si` is now `cut_uw` (0: no window open).
  using SetCut = std::function<void(std::uint32_t si, std::int64_t cut_uw)>;
  CurtailmentWindows(Engine& eng, const Scenario& s, const RandomStreams& streams, SetCut set);

  static bool used(const Scenario& s);
  bool used() const { return used_; }
  // Hours with a window open, summed over sites, from the start to `now`.
  double curtailment_hours(Tick now) const;

 private:
  void open(std::uint64_t si);
  void close(std::uint64_t si);

  Engine& eng_;
  const Scenario& s_;
  SetCut set_;
  bool used_ = false;
  std::vector<int> open_;    // per site, windows open
  std::vector<Tick> since_;  // per site, when the open ones began
  double closed_hours_ = 0;
  MemberHandler<CurtailmentWindows, &CurtailmentWindows::open> on_open_;
  MemberHandler<CurtailmentWindows, &CurtailmentWindows::close> on_close_;
};

}  // namespace gwsim

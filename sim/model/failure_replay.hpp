// gwsim/sim/model/failure_replay.hpp -- failures replayed from a CSV
// (Scenario::failure_replay; docs/model.md, "Replayed failures"): one event
// per row, at its instant, applied by Failures::replay. A row that names a
// rack not (yet) in service, or a site with no rack in service, is skipped
// and counted (BuildoutSummary::reliability.replay_skipped).
#pragma once

#include <cstdint>

#include "core/engine.hpp"
#include "model/failures.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class ReplayedFailures {
 public:
  ReplayedFailures(Engine& eng, const Scenario& s, Failures& failures, Tick horizon);
  // Schedules the first row (rows are sorted by time; each event schedules the next).
  void start();
  std::int64_t replayed() const { return replayed_; }
  std::int64_t skipped() const { return skipped_; }

 private:
  void row(std::uint64_t i);

  Engine& eng_;
  const Scenario& s_;
  Failures& failures_;
  Tick horizon_;
  std::int64_t replayed_ = 0, skipped_ = 0;
  MemberHandler<ReplayedFailures, &ReplayedFailures::row> on_row_;
};

}  // namespace gwsim

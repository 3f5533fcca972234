#include "model/failure_replay.hpp"

namespace gwsim {

ReplayedFailures::ReplayedFailures(Engine& eng, const Scenario& s, Failures& failures, Tick horizon)
    : eng_(eng), s_(s), failures_(failures), horizon_(horizon), on_row_(*this, eng) {}

void ReplayedFailures::start() {
  if (!s_.failure_replay || s_.failure_replay->failures.empty() || !s_.failures_enabled) return;
  const Tick t = s_.failure_replay->failures.front().t;
  if (t <= horizon_) eng_.schedule_at(t, on_row_.id(), 0);
}

// One row; then the next is scheduled (one pending event whatever the file's length).
void ReplayedFailures::row(std::uint64_t i) {
  const std::vector<ReplayedFailure>& rows = s_.failure_replay->failures;
  if (failures_.replay(rows[i])) ++replayed_;
  else ++skipped_;
  if (i + 1 < rows.size() && rows[i + 1].t <= horizon_) eng_.schedule_at(rows[i + 1].t, on_row_.id(), i + 1);
}

}  // namespace gwsim

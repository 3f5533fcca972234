// Tests sim/run/replications.hpp's Cancellation: a run that is never
// cancelled is the same with or without one, a cancelled one stops with
// run.cancelled, and the replications finished before the cancellation are
// kept and resumed.
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "run/distributed.hpp"
#include "run/replications.hpp"
#include "support/scenarios.hpp"

namespace {

gwsim::Scenario small() { return gwsim::test::small_monte_carlo_scenario(); }

// The code of the gwsim::Error that `f` throws ("" if none).
template <class F>
std::string error_code(F f) {
  try {
    f();
  } catch (const gwsim::Error& e) {
    return e.code();
  }
  return "";
}

}  // namespace

TEST_CASE("a run checked for cancellation but not cancelled is the same run", "[cancellation]") {
  const gwsim::Scenario s = small();
  const gwsim::Cancellation cancel;
  const gwsim::RunOutput plain = gwsim::run_scenario(s, 11);
  const gwsim::RunOutput sliced = gwsim::run_scenario(s, 11, {}, &cancel);
  REQUIRE(sliced.summary.events == plain.summary.events);
  REQUIRE(sliced.timeseries.times() == plain.timeseries.times());
  for (const std::string& c : gwsim::banded_columns())
    REQUIRE(sliced.timeseries.column(c) == plain.timeseries.column(c));

  const gwsim::MonteCarlo a = gwsim::run_replications(s, 3, 6, 2);
  const gwsim::MonteCarlo b = gwsim::run_replications(s, 3, 6, 2, {}, nullptr, &cancel);
  for (std::size_t r = 0; r < 6; ++r) REQUIRE(b.runs[r].columns == a.runs[r].columns);
}

TEST_CASE("progress is still reported 200 times when a cancellation is checked", "[cancellation]") {
  const gwsim::Cancellation cancel;
  int steps = 0;
  gwsim::run_scenario(
      small(), 11, [&](gwsim::Tick, gwsim::Tick) { ++steps; }, &cancel);
  REQUIRE(steps == 200);
}

TEST_CASE("a cancelled run stops between slices of simulated time", "[cancellation]") {
  const gwsim::Scenario s = small();
  gwsim::Cancellation cancel;
  gwsim::Tick stopped_at = 0;
  gwsim::Tick horizon = 0;
  const std::string code = error_code([&] {
    gwsim::run_scenario(
        s, 11,
        [&](gwsim::Tick t, gwsim::Tick h) {
          horizon = h;
          stopped_at = t;
          if (t >= h / 10) cancel.cancel();
        },
        &cancel);
  });
  REQUIRE(code == "run.cancelled");
  REQUIRE(stopped_at < horizon / 5);  // it did not run to the horizon
  REQUIRE(error_code([&] { gwsim::run_scenario(s, 11, {}, &cancel); }) == "run.cancelled");
}

namespace {

// A MemoryStore that cancels once it holds `after` replications (as a Ctrl-C
// would, from another thread).
class CancellingStore final : public gwsim::ReplicationStore {
 public:
  CancellingStore(gwsim::Cancellation& cancel, int after) : cancel_(cancel), after_(after) {}
  std::optional<Saved> load(int r) override { return inner.load(r); }
  void save(int r, const gwsim::Replication& run, const std::vector<gwsim::Tick>& times) override {
    inner.save(r, run, times);
    if (++saved_ >= after_) cancel_.cancel();
  }
  gwsim::MemoryStore inner;

 private:
  gwsim::Cancellation& cancel_;
  int after_;
  std::atomic<int> saved_{0};
};

}  // namespace

TEST_CASE("cancelled replications keep those finished, and resume to the same result", "[cancellation]") {
  const gwsim::Scenario s = small();
  constexpr int kN = 40;
  const gwsim::MonteCarlo straight = gwsim::run_replications(s, 5, kN, 2);

  gwsim::Cancellation cancel;
  CancellingStore store(cancel, 4);
  REQUIRE(error_code([&] { gwsim::run_replications(s, 5, kN, 2, {}, &store, &cancel); }) == "run.cancelled");
  const int kept = kN - static_cast<int>(gwsim::missing_replications(store.inner, 5, kN).size());
  REQUIRE(kept >= 4);
  REQUIRE(kept <= 5);  // the other thread's replication may have finished; none was started after

  const gwsim::MonteCarlo resumed = gwsim::run_replications(s, 5, kN, 2, {}, &store.inner);
  REQUIRE(resumed.resumed == kept);
  for (std::size_t r = 0; r < kN; ++r) REQUIRE(resumed.runs[r].columns == straight.runs[r].columns);
}

TEST_CASE("a Monte Carlo cancelled before it starts runs nothing", "[cancellation]") {
  gwsim::Cancellation cancel;
  cancel.cancel();
  gwsim::MemoryStore none;
  REQUIRE(error_code([&] { gwsim::run_replications(small(), 5, 3, 2, {}, &none, &cancel); }) == "run.cancelled");
  REQUIRE(gwsim::missing_replications(none, 5, 3).size() == 3);
}

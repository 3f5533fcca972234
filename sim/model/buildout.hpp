// gwsim/sim/model/buildout.hpp -- the buildout model: deliveries, power,
// slots, install crews, burn-in, failures and repairs, energy and cost.
//
//   gwsim::Engine eng;
//   gwsim::Buildout model(eng, scenario, seed);
//   eng.run_until(model.horizon());        // or in steps, for progress
//   gwsim::BuildoutSummary s = model.summary();
//   const gwsim::Timeseries& ts = model.timeseries();
//
// Buildout only wires the components, one file each (docs/architecture.md):
// deliveries -> admission (power, slots, crews) -> burn_in -> capacity,
// failures -> repairs -> capacity; contracts read capacity. The model
// never prints; it fills a daily Timeseries (model/recorder.hpp) and a
// summary. Its assumptions, with sources, are in docs/model.md.
#pragma once

#include <cstdint>
#include <memory>

#include "core/engine.hpp"
#include "model/capacity.hpp"
#include "model/recorder.hpp"
#include "model/summary.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class Fabric;

namespace detail {
class BuildoutImpl;
}

class Buildout {
 public:
  // Schedules the scenario's initial events on `engine` (whose clock must
  // read 0); draws from streams derived from `seed`.
  Buildout(Engine& engine, const Scenario& scenario, std::uint64_t seed);
  ~Buildout();
  Buildout(const Buildout&) = delete;
  Buildout& operator=(const Buildout&) = delete;

  // Must be registered before the engine runs and outlive it.
  void add_listener(CapacityListener& l);
  // The daily time series: bind further columns before the engine runs
  // (and call record_sites() on it to keep the per-site columns too).
  Recorder& recorder();
  // The scale-out fabric domains (model/fabric.hpp): the job model places
  // training runs within them.
  const Fabric& fabric() const;

  // Training run `run` (index into Workloads::training) finished: the job
  // system tells the model, whose milestones may wait for it.
  void training_run_finished(std::uint32_t run);

  // Run the engine up to here: the end of the scenario's last day.
  Tick horizon() const;
  // Valid once the engine has run to horizon().
  BuildoutSummary summary() const;
  const Timeseries& timeseries() const;

 private:
  std::unique_ptr<detail::BuildoutImpl> impl_;
};

}  // namespace gwsim

// gwsim/sim/model/burn_in.hpp -- installed racks are powered and burned in
// for the site's burn_in_hours; with probability burn_in_fail_prob (when
// failures are enabled) a rack fails burn-in and is reworked (one node-level
// repair, model/repairs.hpp) and burned in again; otherwise it enters service.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "model/inventory.hpp"
#include "model/power.hpp"
#include "model/recorder.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class BurnIn {
 public:
  struct Outcome {
    std::function<void(std::uint32_t rack)> passed;  // enters service
    std::function<void(std::uint32_t rack)> failed;  // to rework
  };
  BurnIn(Engine& eng, const Scenario& s, const RandomStreams& streams, const Inventory& inv, Power& power,
         Outcome outcome);

  void bind_columns(Recorder& rec);
  // Powers rack `r` and starts its burn-in.
  void start(std::uint32_t r);
  // Rack `r`, reworked after a failed burn-in, starts burn-in again.
  void reworked(std::uint32_t r);

  std::int64_t failures() const { return failures_; }

 private:
  void done(std::uint64_t r);

  Engine& eng_;
  const Scenario& s_;
  RandomEngine rng_;
  const Inventory& inv_;
  Power& power_;
  Outcome outcome_;
  struct SiteGpus {
    std::int64_t burn_in = 0, rework = 0;
  };
  std::vector<Tick> burn_in_time_;  // per site
  std::vector<SiteGpus> site_;      // per site: the GPUs of burn_in_gpus_ and rework_gpus_ there
  std::int64_t burn_in_gpus_ = 0, rework_gpus_ = 0, failures_ = 0;
  MemberHandler<BurnIn, &BurnIn::done> on_done_;
};

}  // namespace gwsim

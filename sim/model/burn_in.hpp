// gwsim/sim/model/burn_in.hpp -- installed racks are powered and burned in
// for the site's burn_in_hours; with probability burn_in_fail_prob (when
// failures are enabled) a rack fails burn-in and is reworked (one node-level
// repair, model/repairs.hpp) and burned in again; otherwise it enters service.
//
// Load shedding (model/load_shed.hpp) may pause a rack in burn-in when holding
// the racks in service is not enough: it stops drawing power and its clock
// stops (its remaining burn-in time is kept); resumed, it draws again and ends
// its burn-in after that remaining time. Per site, the racks burning in (in
// no set order) and the paused ones (a stack: the last paused resumes first);
// O(1) per pause or resume. Kept only after track_pauses().
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
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

  // Keeps what pause() needs (called once, before the run, by the load shed);
  // `started(site)` is called after a rack starts (or restarts) burn-in there.
  void track_pauses(std::function<void(std::uint32_t site)> started) {
    pausable_ = true;
    started_ = std::move(started);
  }
  // Pauses a rack burning in at `si` and returns it; none: kNoRack.
  std::uint32_t pause(std::uint32_t si);
  // The rack resume(si) would resume (the last paused at `si`); none: kNoRack.
  std::uint32_t last_paused(std::uint32_t si) const { return paused_[si].empty() ? kNoRack : paused_[si].back().rack; }
  std::size_t paused(std::uint32_t si) const { return pausable_ ? paused_[si].size() : 0; }
  void resume(std::uint32_t si);
  // Times a rack in burn-in was paused.
  std::int64_t pauses() const { return pauses_; }
  static constexpr std::uint32_t kNoRack = ~std::uint32_t{0};

 private:
  void done(std::uint64_t r);
  void schedule_done(std::uint32_t r, Tick after);
  void stop_tracking(std::uint32_t r);

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
  std::int64_t burn_in_gpus_ = 0, rework_gpus_ = 0, failures_ = 0, pauses_ = 0;
  // pause()'s state (pausable_ only)
  struct Running {
    EventId done;
    Tick due = 0;
    std::uint32_t pos = 0;  // in running_[site]
  };
  struct Paused {
    std::uint32_t rack = 0;
    Tick left = 0;  // burn-in time left
  };
  bool pausable_ = false;
  std::function<void(std::uint32_t)> started_;
  std::vector<Running> rack_;                        // per rack
  std::vector<std::vector<std::uint32_t>> running_;  // per site: racks burning in
  std::vector<std::vector<Paused>> paused_;          // per site
  MemberHandler<BurnIn, &BurnIn::done> on_done_;
};

}  // namespace gwsim

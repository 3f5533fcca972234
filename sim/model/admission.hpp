// gwsim/sim/model/admission.hpp -- from delivered to installed: each site's
// install queue (in delivery order), its rack slots (buildings ready on their
// dates), its install crews and the power check. The rack at the head of the
// queue is installed when power, a slot and a crew are all free; otherwise
// the whole queue waits, and its GPUs are attributed to the first missing
// one, in that order: stranded for power, stranded for a slot, waiting for a
// crew.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include "core/engine.hpp"
#include "core/stats.hpp"
#include "core/units.hpp"
#include "model/inventory.hpp"
#include "model/power.hpp"
#include "model/power_stages.hpp"
#include "model/recorder.hpp"
#include "model/summary.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class Admission {
 public:
  // `on_installed(rack)` is called when a crew finishes installing a rack.
  Admission(Engine& eng, const Scenario& s, const Inventory& inv, Power& power,
            std::function<void(std::uint32_t rack)> on_installed);

  // Sets up site `si` and schedules its buildings (sites are added in order);
  // a building with a construction is not scheduled: it comes with building_built().
  void add_site(std::uint32_t si);
  // Building `k` (index into Site::buildings) of site `si`, built by its construction, is ready now.
  void building_built(std::uint32_t si, std::uint32_t k);
  // Whether site `si` has a building under construction (stranded_construction_gpu_days).
  void set_under_construction(std::uint32_t si, bool under_construction);
  void bind_columns(Recorder& rec);

  // Racks [first, first + racks) arrived at `si`.
  void arrive(std::uint32_t si, std::uint32_t first, std::int64_t racks);
  // Starts installing what can be installed at `si` (after power or slots change).
  void admit(std::uint32_t si);
  // Rack `r` retired (model/lifecycle.hpp): its slot is free for the next rack
  // installed at its site (call admit() after).
  void free_slot(std::uint32_t r);
  // The building (index into its site's Site::buildings) whose slot rack `r`
  // took: the first ready building, in order of readiness, with a free slot.
  // Valid once the rack's install has started.
  std::uint32_t building_of(std::uint32_t r) const { return rack_building_[r]; }

  // The install stages of site `si` now, into `out` (racks_queued,
  // racks_installing, queue_waits_for, slots, crews; the power figures).
  void describe(std::uint32_t si, SiteShortfall& out) const;

  double stranded_no_power_gpu_days(Tick now) const {
    return gpus_waiting_power_tw_.integral_hours(now) / units::kHoursPerDay;
  }
  double stranded_no_slot_gpu_days(Tick now) const {
    return gpus_waiting_slot_tw_.integral_hours(now) / units::kHoursPerDay;
  }
  // The part of stranded_no_slot_gpu_days while the site had a building under construction.
  double stranded_construction_gpu_days(Tick now) const {
    return gpus_waiting_construction_tw_.integral_hours(now) / units::kHoursPerDay;
  }
  // What the power-stranded GPUs of a site wait for (docs/power.md, "Stranded GPU-days
  // by cause"): `cause(site)` is read whenever they are counted; call
  // power_wait_changed(site) when it changes without power being added.
  void set_power_wait(std::function<PowerWait(std::uint32_t)> cause) { power_wait_ = std::move(cause); }
  void power_wait_changed(std::uint32_t si);
  // The parts of stranded_no_power_gpu_days while the next stage waited for the
  // interconnection, for equipment (0 without set_power_wait).
  double stranded_interconnection_gpu_days(Tick now) const {
    return gpus_waiting_grid_tw_.integral_hours(now) / units::kHoursPerDay;
  }
  double stranded_equipment_gpu_days(Tick now) const {
    return gpus_waiting_equipment_tw_.integral_hours(now) / units::kHoursPerDay;
  }
  double waiting_crew_gpu_days(Tick now) const {
    return gpus_waiting_crew_tw_.integral_hours(now) / units::kHoursPerDay;
  }

 private:
  using Wait = InstallWait;

  void building_ready(std::uint64_t b);
  void install_done(std::uint64_t r);
  void set_wait(std::uint32_t si, Wait why);
  std::int64_t& waiting(Wait w);

  struct SiteQueue {
    std::int64_t slots_ready = 0;
    std::int64_t slots_used = 0;
    int crews_free = 0;
    Tick install_time = 0;
    std::deque<std::uint32_t> queue;  // delivered racks waiting to be installed
    std::int64_t waiting_gpus = 0;
    std::int64_t installing_racks = 0, installing_gpus = 0;
    Wait wait = Wait::none;
    std::vector<std::uint32_t> ready;        // buildings ready, in order of readiness (indices into buildings_)
    std::size_t filling = 0;                 // the building of `ready` whose slots are being taken
    std::int64_t filling_used = 0;           // its slots taken
    std::vector<std::uint32_t> freed;        // buildings (local) of slots freed by retired racks, taken first
    std::int64_t accounted_waiting = 0;      // waiting_gpus as last counted under `wait`
    std::uint32_t first_building = 0;        // index into buildings_ of its first building
    bool under_construction = false;         // a building of the site is under construction
    PowerWait power_wait = PowerWait::none;  // what power_wait_ said when last counted (wait power)
    // The site's GPUs counted under `w` (gpus_waiting_power, _slot, _crew).
    std::int64_t waiting_for(Wait w) const { return wait == w ? accounted_waiting : 0; }
  };
  struct BuildingReady {
    std::uint32_t site = 0;
    std::uint32_t local = 0;  // index into the site's buildings
    std::int64_t slots = 0;
  };
  std::uint32_t take_slot(SiteQueue& site);

  Engine& eng_;
  const Scenario& s_;
  const Inventory& inv_;
  Power& power_;
  std::function<void(std::uint32_t)> on_installed_;
  std::vector<SiteQueue> sites_;
  std::vector<BuildingReady> buildings_;
  std::vector<std::uint32_t> rack_building_;  // per rack id: building_of()
  std::int64_t gpus_waiting_power_ = 0, gpus_waiting_slot_ = 0, gpus_waiting_crew_ = 0, gpus_not_waiting_ = 0;
  std::int64_t installing_ = 0;
  TimeWeighted gpus_waiting_power_tw_, gpus_waiting_slot_tw_, gpus_waiting_crew_tw_;
  std::int64_t gpus_waiting_construction_ = 0;  // slot-waiting GPUs of sites under construction
  TimeWeighted gpus_waiting_construction_tw_;
  std::function<PowerWait(std::uint32_t)> power_wait_;
  std::int64_t gpus_waiting_grid_ = 0, gpus_waiting_equipment_ = 0;  // power-waiting GPUs by cause
  TimeWeighted gpus_waiting_grid_tw_, gpus_waiting_equipment_tw_;
  void count_power_wait(std::uint32_t si, int sign);
  MemberHandler<Admission, &Admission::building_ready> on_building_;
  MemberHandler<Admission, &Admission::install_done> on_install_;
};

}  // namespace gwsim

// gwsim/sim/model/power_stages.hpp -- when each site's power stages are
// energized (docs/power.md, "Grid interconnection and long-lead equipment").
//
// A stage is energized at the latest of its conditions, a join: its date,
// moved by its slip (the stage's own law, else the site's; stream
// "power_stages", in stage order); the end of its site's grid interconnection
// (a grid stage of a site with `grid`: model/interconnect.hpp, stream
// "interconnect"); the arrival of each of its long-lead items (stream
// "equipment", in stage then item order). Each condition is an event that
// counts down the stage's pending conditions; the last one adds the stage's
// power to the ledger (Power::energize). A withdrawn interconnection never
// ends: the site's grid stages are never energized; a downsized one scales
// their MW by its fraction.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "model/interconnect.hpp"
#include "model/power.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

// What the next pending power stage of a site waits for (the first stage, in
// the site's order, not yet energized): its date (with its slip) while that
// is pending; after it, the interconnection or the equipment, whichever of
// the pending ones ends later (the one that sets the energization); none when
// every stage is energized.
enum class PowerWait : std::uint8_t { none, date, interconnection, equipment };

class PowerStages {
 public:
  // `on_wait_changed(site)` is called when what `waiting_for(site)` returns may
  // have changed without power being added (a condition of its next stage done).
  PowerStages(Engine& eng, const Scenario& s, const RandomStreams& streams, Power& power,
              std::function<void(std::uint32_t)> on_wait_changed = {});

  // Whether a site of `s` has a grid interconnection or a stage long-lead equipment.
  static bool used(const Scenario& s);

  // Schedules the stages of site `si` (sites are added in order).
  void add_site(std::uint32_t si);

  PowerWait waiting_for(std::uint32_t si) const;
  // The instants drawn for stage `k` (index into Site::power_stages) of site
  // `si`, known once the site is added: its date moved by its slip, and the
  // instant it is energized, the latest of its conditions (kFarFuture: never,
  // its interconnection withdrawn). The money model (model/money.hpp) pays
  // the facility against them.
  struct StageTimes {
    Tick dated = 0;
    Tick energized = 0;
  };
  StageTimes times(std::uint32_t si, std::uint32_t k) const {
    const Stage& st = stages_[sites_[si].first + k];
    return StageTimes{st.dated, st.energizes};
  }
  // The drawn interconnection of a site with `grid` (nullptr without).
  const InterconnectOutcome* interconnection(std::uint32_t si) const {
    return sites_[si].grid ? &grids_[sites_[si].grid - 1] : nullptr;
  }

 private:
  void date_done(std::uint64_t stage);
  void item_arrived(std::uint64_t stage);
  void interconnected(std::uint64_t si);
  void condition_done(std::uint32_t stage);

  struct Stage {
    std::uint32_t site = 0;
    std::int64_t power_uw = 0;
    int pending = 0;  // conditions not yet done
    int items_pending = 0;
    bool date_pending = true, grid_pending = false;
    Tick items_end = 0;  // the arrival of its last item
    Tick dated = 0;      // its date with its slip
    Tick energizes = 0;  // the latest of its conditions (kFarFuture: never)
  };
  struct SiteStages {
    std::uint32_t first = 0, end = 0;  // its stages: [first, end) of stages_
    std::uint32_t next = 0;            // its first stage not yet energized
    std::uint32_t grid = 0;            // 1 + index into grids_, 0: no grid process
  };

  Engine& eng_;
  const Scenario& s_;
  RandomEngine rng_stage_, rng_equipment_, rng_grid_;
  Power& power_;
  std::function<void(std::uint32_t)> on_wait_changed_;
  std::vector<Stage> stages_;
  std::vector<SiteStages> sites_;
  std::vector<InterconnectOutcome> grids_;
  MemberHandler<PowerStages, &PowerStages::date_done> on_date_;
  MemberHandler<PowerStages, &PowerStages::item_arrived> on_item_;
  MemberHandler<PowerStages, &PowerStages::interconnected> on_grid_;
};

}  // namespace gwsim

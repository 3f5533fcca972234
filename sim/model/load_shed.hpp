// gwsim/sim/model/load_shed.hpp -- load shedding (docs/power.md, "On-site
// generation, batteries and the power ledger"): when a site's supply (its
// energized power plus its backup units available; model/power.hpp) drops
// below the facility power reserved by its installed racks, whole racks in
// service are held out of service, last in first out, until the reserve of
// the racks not held fits the supply; they return, from the earliest held,
// as soon as their reserve fits again. A held rack's GPUs go down as for a
// cordon (model/cordon.hpp: the job system hears gpus_down); its failures and
// repairs go on. When every rack in service is held and the reserve still
// exceeds the supply, racks in burn-in are paused (model/burn_in.hpp: they draw
// nothing, their clock stops) until it fits; when power returns, the paused
// racks resume first (the last paused first), then the held racks are
// released. As a rack draws at most its reserve, the draw of the site (IT x
// PUE) then stays within its supply at every instant: unserved_mwh() is a
// check, 0 by construction.
//
// A site battery (Site::battery; model/battery.hpp) rides through first: the
// racks are held only for what the supply and the battery's MW, while it
// holds energy, cannot carry; when it runs empty, the site sheds.
//
// A curtailment window (model/curtailment.hpp; docs/power.md, "Curtailment")
// sets a cut at a site: by rule generation_first its grid supply drops by the
// cut (not below 0) and the rest is as above; by rule interrupt the reserve of
// the racks not held must stay at most the reserve in service when the window
// opened minus the cut. A rack held while a window is open at its site counts
// as curtailment's (stranded_curtailment_gpu_days) until it returns.
//
// Per site, the racks in service in order of entry; the held ones are always
// its last ones (a rack entering service above a held one is held at once).
// Each event costs O(racks held or released).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/engine.hpp"
#include "core/stats.hpp"
#include "model/battery.hpp"
#include "model/burn_in.hpp"
#include "model/cordon.hpp"
#include "model/inventory.hpp"
#include "model/power.hpp"
#include "model/recorder.hpp"
#include "model/summary.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class LoadShed {
 public:
  LoadShed(Engine& eng, const Scenario& s, const Inventory& inv, Power& power, Cordon& cordon);

  // Whether the supply of a site may drop (a site has on-site generation).
  bool active() const { return active_; }
  // Racks in burn-in at a site short of power are paused (before the run).
  void pause_burn_in(BurnIn& burn_in);
  // Rack `r` entered service.
  void in_service(std::uint32_t r);
  // The supply or reserve of `si` changed: holds or releases racks.
  void balance(std::uint32_t si);

  // A curtailment window at `si` opened (cut_uw > 0) or closed (0); re-balances.
  void curtail(std::uint32_t si, std::int64_t cut_uw);
  // Times a rack was held (a rack held twice counts twice).
  std::int64_t racks_held() const { return racks_held_; }
  // GPUs of held racks, integrated from the start to `now`.
  double stranded_gpu_days(Tick now) const { return held_gpus_tw_.integral_hours(now) / units::kHoursPerDay; }
  // GPUs of racks held for curtailment, integrated from the start to `now`.
  double curtailment_gpu_days(Tick now) const { return curt_gpus_tw_.integral_hours(now) / units::kHoursPerDay; }
  // Facility energy drawn above the supply net of a curtailment's cut (and the
  // battery's discharge), from the start to `now`: a check, 0 by construction.
  double unserved_mwh(Tick now) const;
  // What the draw of `si` may use now: its supply net of a cut (rule
  // generation_first: the grid cut; interrupt: the cap) plus the battery's discharge.
  double allowed_uw(std::uint32_t si) const;
  // The cut of a curtailment window in force at `si` (0: none).
  std::int64_t cut_uw(std::uint32_t si) const { return sites_[si].cut_uw; }
  // Before the draw or supply of `si` changes (Power::watch): accrues its unserved energy.
  void accrue(std::uint32_t si);
  void bind_columns(Recorder& rec);
  // The energized MW by source per site now (PowerLedgerFigures' vectors).
  PowerLedgerFigures ledger_figures() const;
  // curtailed_mw, fleet and per site (only when a site has curtailment).
  void bind_curtailment_columns(Recorder& rec);

 private:
  struct SiteShed {
    std::vector<std::uint32_t> racks;   // in service, in order of entry
    std::vector<std::uint8_t> for_cut;  // parallel to racks: held for curtailment
    std::int64_t cut_uw = 0;            // curtailment window open: the cut
    std::int64_t cap_uw = 0;            // rule interrupt: the cap of the reserve in service
    std::size_t held_from = 0;          // racks[held_from, end) are held
    std::int64_t held_uw = 0;           // their reserve
    std::int64_t paused_uw = 0;         // the reserve of its racks in burn-in paused
    Tick since = 0;
    double unserved_uwh = 0;
    SiteBattery battery;
    EventId empty_event;
  };
  void ride_through(std::uint32_t si);
  void empty(std::uint64_t si);
  // The draw of `si` above its supply and its battery's discharge, now.
  double over_uw(std::uint32_t si) const;
  void hold(SiteShed& site, std::size_t i);
  void release(SiteShed& site, std::size_t i);
  // Pauses one rack in burn-in at `si`; false if none burns in.
  bool pause(std::uint32_t si);
  // Resumes paused racks at `si` while they fit in `limit`.
  void resume(std::uint32_t si, std::int64_t limit);
  // What the racks not held at `si` may reserve now (supply, battery, curtailment).
  std::int64_t limit_uw(std::uint32_t si) const;
  // The supply of `si` less a curtailment's grid cut (rule generation_first).
  std::int64_t supply_uw(std::uint32_t si) const;
  std::int64_t reserve(std::uint32_t r) const { return power_.rack_reserve_uw(inv_.racks[r].site, inv_.racks[r].sku); }

  Engine& eng_;
  const Scenario& s_;
  const Inventory& inv_;
  Power& power_;
  Cordon& cordon_;
  BurnIn* burn_in_ = nullptr;
  bool active_ = false;
  std::vector<SiteShed> sites_;
  std::int64_t racks_held_ = 0, held_gpus_ = 0, curt_gpus_ = 0;
  TimeWeighted held_gpus_tw_, curt_gpus_tw_;  // held for an outage; for curtailment
  MemberHandler<LoadShed, &LoadShed::empty> on_empty_;
};

}  // namespace gwsim

// gwsim/sim/model/construction.hpp -- buildings built as a process
// (docs/power.md, "Construction"): a building with a `construction` starts
// on its start date, takes a construction crew of its site (when the site
// limits them: Site::construction_crews), builds its shell then its
// electrical and mechanical fit-out, gives the crew back, is commissioned,
// slips, and is ready at the end, never before its `ready` date:
//
//   ready = max(ready date, fit-out end, fit-out end + commissioning + slip)
//
// A site's buildings waiting for a crew take one in order of construction
// start (ties: in the order of Site::buildings). Every duration is drawn up
// front on the random stream "construction", building by building in the
// order of Scenario::sites then Site::buildings (shell, fit-out,
// commissioning, then slip when given), so that the draws do not depend on
// the order of events; a scenario without construction draws nothing.
// A building is under construction from its start to its ready instant.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "model/recorder.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

class BuildingConstruction {
 public:
  struct Hooks {
    // Site `si` has (true) or no longer has (false) a building under construction.
    std::function<void(std::uint32_t si, bool under_construction)> site_under_construction;
    // Building `k` (index into Site::buildings) of site `si` is ready.
    std::function<void(std::uint32_t si, std::uint32_t k)> ready;
  };
  BuildingConstruction(Engine& eng, const Scenario& s, const RandomStreams& streams, Hooks hooks);

  // Whether any building of the scenario has a construction.
  static bool used(const Scenario& s);

  // Draws the durations of the buildings of site `si` and schedules their
  // construction starts (sites are added in order).
  void add_site(std::uint32_t si);

  std::int64_t under_construction() const { return under_construction_; }
  std::int64_t under_construction(std::uint32_t si) const { return sites_[si].under_construction; }
  // Instants of building `k` of site `si`: its shell's start and its ready
  // instant (nullopt: not yet, or not built by construction).
  std::optional<Tick> shell_start(std::uint32_t si, std::uint32_t k) const;
  std::optional<Tick> ready_at(std::uint32_t si, std::uint32_t k) const;

  // `f(si, k, fitout_end, ready)` is told when building `k` of site `si`
  // begins its shell (now), with the instants its fit-out will end and it
  // will be ready (all its durations are drawn): the money model pays its
  // facility over the shell and fit-out (docs/money.md).
  using ShellStart = std::function<void(std::uint32_t si, std::uint32_t k, Tick fitout_end, Tick ready)>;
  void on_shell_start(ShellStart f) { on_shell_start_ = std::move(f); }

  // Binds buildings_under_construction (fleet and per site): the recorder
  // must use construction_columns() and construction_site_columns().
  void bind_columns(Recorder& rec);

 private:
  void start(std::uint64_t b);
  void shell_done(std::uint64_t b);
  void fitout_done(std::uint64_t b);
  void ready(std::uint64_t b);
  void begin_shell(std::uint32_t b);

  struct Build {
    std::uint32_t site = 0;
    std::uint32_t local = 0;                                  // index into the site's buildings
    Tick shell = 0, fitout = 0, commissioning = 0, slip = 0;  // drawn durations
    std::optional<Tick> shell_start, ready_at;
  };
  // The ready instant of `b` when its fit-out ends at `fitout_end` (the rule above).
  Tick ready_after(const Build& b, Tick fitout_end) const;
  struct SiteBuilds {
    std::uint32_t first = 0;              // index into builds_ of its first building
    int crews_free = 0;                   // when the site limits its crews
    std::deque<std::uint32_t> waiting;    // buildings started, waiting for a crew
    std::int64_t under_construction = 0;  // buildings started, not yet ready
  };

  Engine& eng_;
  const Scenario& s_;
  std::optional<RandomEngine> rng_;
  Hooks hooks_;
  ShellStart on_shell_start_;
  std::vector<Build> builds_;
  std::vector<SiteBuilds> sites_;
  std::int64_t under_construction_ = 0;
  MemberHandler<BuildingConstruction, &BuildingConstruction::start> on_start_;
  MemberHandler<BuildingConstruction, &BuildingConstruction::shell_done> on_shell_;
  MemberHandler<BuildingConstruction, &BuildingConstruction::fitout_done> on_fitout_;
  MemberHandler<BuildingConstruction, &BuildingConstruction::ready> on_ready_;
};

}  // namespace gwsim

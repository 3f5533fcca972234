// gwsim/sim/scenario/power_supply.hpp -- a site's power as a supply chain
// (docs/power.md): its grid interconnection, the long-lead equipment of each
// power stage, on-site generation, batteries, curtailment obligations,
// buildings under construction, prices and carbon. Every part is optional:
// a scenario that names none of them runs the plain dated stages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/distribution.hpp"
#include "core/time.hpp"

namespace gwsim {

// A value that steps at dates: values[i] holds from dates[i] (sorted, strictly
// increasing) until the next; before dates[0] the owner's base value holds.
struct DatedSteps {
  std::vector<Tick> dates;
  std::vector<double> values;
};

// A long-lead item a power stage waits for (a transformer, switchgear, a
// turbine): ordered at `ordered`, it arrives `lead_time_days` later.
struct Equipment {
  std::string name;
  Tick ordered = 0;
  Distribution lead_time_days = Fixed{0.0};
};

// The grid interconnection of a site as a process: requested at `request`,
// then study, agreement and construction in turn; withdrawn (no grid stage is
// ever energized) with `withdraw_prob`, or downsized (each grid stage keeps
// `downsize_fraction` of its MW) with `downsize_prob`.
struct GridInterconnection {
  Tick request = 0;
  Distribution study_days = Fixed{0.0};
  Distribution agreement_days = Fixed{0.0};
  Distribution construction_days = Fixed{0.0};
  double withdraw_prob = 0;
  double downsize_prob = 0;
  double downsize_fraction = 1;
};

// On-site generation (bridge or backup power).
enum class GenerationKind : std::uint8_t { gas_turbine, recip_engine, fuel_cell };
// What a unit does once the site's grid stages are all energized.
enum class AfterGrid : std::uint8_t { retire, backup, keep };
struct Generation {
  std::string name;
  GenerationKind kind = GenerationKind::gas_turbine;
  double power_mw = 0;  // facility MW it supplies while available
  Tick ordered = 0;
  Distribution lead_time_days = Fixed{0.0};
  double capex_usd_per_kw = 0;
  double fuel_usd_per_mwh = 0;  // given, or heat rate x gas price (computed by the reader)
  double tco2_per_mwh = 0;
  double forced_outage_rate = 0;  // long-run share of hours unavailable
  double mean_outage_hours = 24;
  AfterGrid after_grid = AfterGrid::retire;
};

// A site battery: for ride-through (of outages and curtailment) and smoothing.
struct Battery {
  double power_mw = 0;
  double energy_mwh = 0;
};

// Grid curtailment obligations (as under Texas SB 6): during each window the
// site's grid supply is cut by `shed_mw`; the load is carried by its own
// generation (rule generation_first) or shed by interrupting work (interrupt).
enum class CurtailRule : std::uint8_t { generation_first, interrupt };
struct Curtailment {
  std::vector<Tick> starts;  // dated windows ...
  std::vector<double> hours;
  double events_per_year = 0;  // ... and/or windows at random
  Distribution event_hours = Fixed{0.0};
  double shed_mw = 0;
  CurtailRule rule = CurtailRule::generation_first;
};

// A building under construction: shell, electrical and mechanical fit-out,
// then commissioning, each with a duration law, from `start`; when it has
// this, a building's `ready` is its earliest date, not its date.
struct Construction {
  Tick start = 0;
  Distribution shell_days = Fixed{0.0};
  Distribution fitout_days = Fixed{0.0};
  Distribution commissioning_days = Fixed{0.0};
  std::optional<Distribution> slip_days;
};

// Power swings of training runs (docs/power.md, "Power swings"): steps of at
// least `threshold_mw` are counted; ramps compared with `ramp_limit_mw_per_min`.
struct PowerSwings {
  double threshold_mw = 0;
  double ramp_limit_mw_per_min = 0;  // 0: none
  double ramp_window_minutes = 1;
  std::int64_t min_run_gpus = 0;  // runs smaller than this are not tracked
};

// Prices and carbon of a site (docs/power.md, "Prices and carbon").
struct SitePrices {
  DatedSteps energy_usd_per_mwh;       // before the first date: Scenario::energy_usd_per_mwh
  DatedSteps capacity_usd_per_mw_day;  // before the first date: 0
  DatedSteps grid_tco2_per_mwh;        // before the first date: 0
};

}  // namespace gwsim

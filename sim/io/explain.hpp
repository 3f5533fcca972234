// gwsim/sim/io/explain.hpp -- outcomes that explain themselves: why racks are
// not in service at the end of a run, in words and figures, for summary.json,
// the CLI and the report (docs/outputs.md, "Not reached").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/time.hpp"
#include "jobs/jobs.hpp"
#include "model/summary.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

// A count with thousands separators: 1234567 -> "1,234,567".
std::string count_text(std::int64_t n);

// One sentence per stage holding racks of a site, e.g. "2 racks at site X wait
// for power: energized 245.0 MW, needed 245.3 MW".
std::vector<std::string> shortfall_lines(const Scenario& s, const SiteShortfall& f, const Calendar& cal);

// Why `percent`% of the ordered racks were not in service by the end: how many
// more racks that needs, then shortfall_lines() of every site that has some.
std::string not_reached_reason(const Scenario& s, const BuildoutSummary& sum, int percent, const Calendar& cal);

// Why scenario milestone `i` (Scenario::milestones) was not reached: its
// value at the end against its target, then what holds the racks of the
// sites it counts (or, for energized MW, the power stages not energized).
std::string milestone_reason(const Scenario& s, const BuildoutSummary& sum, std::size_t i, const Calendar& cal);

// Why a training run had not completed by the end: never started (and the
// GPUs it needs against those up where it may run), running, or waiting after
// an interruption, with the share of its work done.
std::string training_reason(const TrainingSummary& t);

// summary.json's "not_in_service_at_end": one object per site with racks not in service.
nlohmann::json shortfall_json(const Scenario& s, const BuildoutSummary& sum, const Calendar& cal);

}  // namespace gwsim

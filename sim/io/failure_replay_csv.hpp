// gwsim/sim/io/failure_replay_csv.hpp -- failures replayed from a CSV, named
// by a scenario's `failure_replay` (internal to the loader; docs/scenarios.md,
// "Failures", and docs/model.md, "Replayed failures").
//
//   detail::read_failure_replay_csv(replay, "failures.csv", cal, s, "s.json", Ptr("/failure_replay/file"));
//
// The header names time, site and class, and rack and/or gpus; each row has
// exactly one of rack and gpus. time is an ISO 8601 date or date-time within
// the horizon; site a site's name; rack the index of the site's racks in
// order of entering service; gpus a count of GPUs at the site; class the name
// of a failure class of the SKUs ordered at the site (at the same index in
// each of them).
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "scenario/error.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

// Fills r.failures, sorted by time (ties keep file order). `s` gives the
// sites, SKUs, orders and horizon. Every bad row is a ScenarioError
// scenario.replay in `file` at `at`, the message naming the CSV file, its line
// and the column.
void read_failure_replay_csv(FailureReplay& r, const std::filesystem::path& path, const Calendar& cal,
                             const Scenario& s, const std::string& file, const nlohmann::json::json_pointer& at);

}  // namespace gwsim::detail

// gwsim/sim/io/trace_csv.hpp -- a job trace in CSV, replayed by a scenario's
// `workloads.traces` (internal to the loader; docs/scenarios.md, "Trace").
//
//   JobTrace t;  t.gpu_scale = 2;
//   detail::read_trace_csv(t, "trace.csv", cal, "s.json", Ptr("/workloads/traces/0/file"));
//
// The header names at least submit_time, gpu_num and duration (seconds);
// user is optional. submit_time is seconds or a date-time
// "YYYY-MM-DD HH:MM:SS" (or with a T). Rows with gpu_num 0 are counted in
// skipped_cpu_jobs, not kept.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "scenario/error.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

// Fills t.submit_hours (offsets from the earliest submission, times
// t.time_scale, sorted; ties keep file order), t.gpus (times t.gpu_scale,
// rounded up), t.duration_hours, t.tenant, t.tenants and t.skipped_cpu_jobs.
// `cal` reads date-times. Problems are ScenarioError scenario.trace (or
// scenario.limit past 10 million jobs) in `file` at `at`, the message
// naming the CSV file and its line.
void read_trace_csv(JobTrace& t, const std::filesystem::path& path, const Calendar& cal, const std::string& file,
                    const nlohmann::json::json_pointer& at);

}  // namespace gwsim::detail

// gwsim/sim/io/run_dir.hpp -- the file names of a run directory (`gwsim run
// --out DIR`), declared once: the writer (cli/run_command.cpp), the report
// (report/run_data.cpp) and `gwsim report` (cli/report_command.cpp) use these.
//
//   write_atomic(dir / run_files::summary, text);
//
// docs/outputs.md describes each file.
#pragma once

#include <array>
#include <string_view>

namespace gwsim::run_files {

inline constexpr std::string_view summary = "summary.json";
inline constexpr std::string_view timeseries = "timeseries.csv";
inline constexpr std::string_view jobs = "jobs.csv";  // with workloads
inline constexpr std::string_view run_info = "run_info.json";
inline constexpr std::string_view bands = "bands.csv";                  // Monte Carlo runs
inline constexpr std::string_view key_dates = "key_dates.csv";          // Monte Carlo runs
inline constexpr std::string_view replications = "replications.csv";    // Monte Carlo runs
inline constexpr std::string_view training_runs = "training_runs.csv";  // Monte Carlo runs with workloads
inline constexpr std::string_view report = "report.html";               // with --report
inline constexpr std::string_view cash_flow = "cash_flow.csv";          // with the money model (docs/money.md)
inline constexpr std::string_view fleet_mix = "fleet_mix.csv";          // with a lifecycle (docs/money.md)
// The finished replications of a Monte Carlo run (a directory), so an
// interrupted run resumes.
inline constexpr std::string_view checkpoints = ".replications";

// The outputs of `gwsim run` a report must never overwrite.
inline constexpr std::array<std::string_view, 8> outputs{summary,   timeseries,   run_info, bands,
                                                         key_dates, replications, jobs,     training_runs};

}  // namespace gwsim::run_files

// gwsim/sim/report/report.hpp -- the planner's report: one self-contained
// HTML file (inline CSS and SVG, no script, nothing fetched) made from a run
// directory written by `gwsim run`.
//
//   gwsim::report::RunData run = gwsim::report::load_run("out/demo");
//   std::string html = gwsim::report::render_report(run);
//   std::string diff = gwsim::report::render_comparison(baseline, what_if);
//
// Sections: key figures, capacity (GPUs, PFLOPS) against orders, power,
// stranded racks and why, deliveries by site and SKU, jobs (utilization and
// waits), contracts, key dates, and P10-P90 fan charts when the run holds Monte
// Carlo results. docs/report.md describes each one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "model/timeseries.hpp"

namespace gwsim::report {

// A CSV file whose first column is a date (timeseries.csv, bands.csv, key_dates.csv).
struct DatedTable {
  std::vector<std::string> columns;         // without "date"
  std::vector<std::int64_t> days;           // days since 1970-01-01, one per row
  std::vector<std::vector<double>> values;  // values[column][row]
  // nullptr when absent.
  const std::vector<double>* column(const std::string& name) const;
};

// Reads CSV text; errors (Error "report.input") name `file` and the line.
DatedTable parse_dated_csv(const std::string& text, const std::string& file);

struct RunData {
  std::string label;                    // shown in headings: the directory's name
  std::string summary_file;             // its path, for error messages
  nlohmann::json summary;               // summary.json
  nlohmann::json run_info;              // run_info.json, or null when absent
  DatedTable timeseries;                // timeseries.csv
  std::optional<DatedTable> bands;      // bands.csv (Monte Carlo runs)
  std::optional<DatedTable> key_dates;  // key_dates.csv (Monte Carlo runs)
  std::optional<DatedTable> cash_flow;  // cash_flow.csv (money model), each month dated its 1st day
};

// Loads a run directory; throws Error("report.input") naming the file and what
// is wrong when summary.json or timeseries.csv is missing or malformed.
RunData load_run(const std::filesystem::path& dir);
// cash_flow.csv (month YYYY-MM, then one column per category) as a dated table, each month on its 1st day.
DatedTable parse_cash_flow_csv(const std::string& text, const std::string& file);

// The report's input from a run held in memory (Python's Result.report), as
// load_run reads the directory `gwsim run` writes for it: the time series goes
// through timeseries.csv's writer and reader, so the page is the same bytes.
// `label` names the run (a directory's name in load_run); there is no
// run_info, so the footer names no command line. `summary` is summary.json's
// object (with "jobs" for scenarios with workloads).
RunData run_data(std::string label, nlohmann::json summary, const Timeseries& timeseries, const Calendar& cal);

// Both throw Error("report.input") naming summary.json when a value in it has
// another type than gwsim writes.
std::string render_report(const RunData& run);
// Two runs side by side: `a` is the baseline, `b` the what-if.
std::string render_comparison(const RunData& a, const RunData& b);

// The headline figures, as JSON pointers into summary.json; the report shows
// each with data-key="<pointer>" and data-value="<the JSON value>".
const std::vector<std::string>& key_figure_pointers();

// The headline figures `summary` holds, in the report's order, each as the
// report's cards show it: label, JSON pointer and value as text ("not
// reached" for a date that is null). Python's Result shows these in Jupyter.
struct KeyFigure {
  std::string label, pointer, text;
};
std::vector<KeyFigure> key_figures(const nlohmann::json& summary);

}  // namespace gwsim::report

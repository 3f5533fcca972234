// gwsim/sim/io/output.hpp -- writing run outputs: CSV time series, JSON
// summaries, each file written atomically (a temporary file in the same
// directory, then rename), so a reader never sees a half-written file and an
// interrupted run leaves the previous outputs intact.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/time.hpp"
#include "jobs/jobs.hpp"
#include "model/bottleneck.hpp"  // bottleneck(), in summary.json
#include "model/buildout.hpp"
#include "model/timeseries.hpp"
#include "run/replications.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

// Writes `content` to `path` atomically. Throws Error("output.io").
void write_atomic(const std::filesystem::path& path, const std::string& content);

// The same for large outputs: `produce(sink)` calls `sink(chunk)` repeatedly,
// so the whole file never has to be held in memory.
using Sink = std::function<void(std::string_view)>;
void write_atomic_stream(const std::filesystem::path& path, const std::function<void(const Sink&)>& produce);

// "date,col1,col2,..." then one line per row; dates as YYYY-MM-DD from the
// calendar, integer columns without a fraction, others in shortest
// round-trip form (identical bytes for identical doubles).
std::string timeseries_csv(const Timeseries& ts, const Calendar& cal);

// summary.json: key dates, stranded GPU-days, energy, cost, contracts, counts.
nlohmann::json summary_json(const Scenario& s, const BuildoutSummary& sum, std::uint64_t seed);
// summary.json's "power" section, for a scenario that uses a part of the power
// supply chain (docs/power.md, "Outputs"; io/power_output.cpp).
bool uses_power_supply(const Scenario& s, const BuildoutSummary& sum);
nlohmann::json power_json(const Scenario& s, const BuildoutSummary& sum);
// summary.json's "money" section and cash_flow.csv, when the money model ran
// (sum.money.used; docs/money.md; io/money_output.cpp).
nlohmann::json money_json(const Scenario& s, const BuildoutSummary& sum);
// money.contracts: one object per contract (docs/money.md, "Contracts"; io/contracts_output.cpp).
nlohmann::json contracts_json(const BuildoutSummary& sum);
std::string cash_flow_csv(const MoneyFigures& m);
// The fleet lifecycle (docs/money.md, "Fleet lifecycle"; io/fleet_mix_output.cpp): summary.json's
// lifecycle figures and fleet_mix.csv (date, sku, racks, gpus_up, h100e), when sum.lifecycle.used;
// with the money model, the book value of the racks retired too (docs/money.md, "Retirement").
nlohmann::json lifecycle_json(const Scenario& s, const BuildoutSummary& sum);
std::string fleet_mix_csv(const Scenario& s, const LifecycleFigures& f, const Calendar& cal);

// The "milestones" array of summary.json: one object per scenario milestone
// (its definition, target, reached date or null, met_deadline, value_at_end,
// explanation) (io/milestones_output.cpp).
nlohmann::json milestones_json(const Scenario& s, const BuildoutSummary& sum);
// The "monte_carlo"/"milestones" array: P10/P50/P90 of each milestone's date,
// the fraction reached, and with a deadline the probability of meeting it with
// its 95% Wilson interval (run/monte_carlo_stats.hpp).
nlohmann::json monte_carlo_milestones_json(const Scenario& s, const MonteCarlo& mc);

// The names jobs.csv gives a job, views into the scenario: its stream,
// training run or trace (`name`), its tenant, where it last ran (`site`: a
// site's name, the CPU pool's for a CPU job, empty when it never ran), and
// whether it is a CPU job (jobs.csv's resource "cpu"). Python's Result.jobs
// takes its names from here too.
struct JobNames {
  std::string_view name, tenant, site;
  bool cpu = false;
};
JobNames job_names(const JobRow& j, const Scenario& s);

// jobs.csv: one row per job (docs/jobs.md lists the columns), in chunks.
void jobs_csv(const std::vector<JobRow>& jobs, const Scenario& s, const Calendar& cal, const Sink& sink);

// The "jobs" object of summary.json.
nlohmann::json jobs_summary_json(const JobsSummary& sum, const Calendar& cal);
// Its "power_swings" object, when the scenario has power_swings (docs/power.md, "Power swings of training runs").
nlohmann::json power_swings_json(const PowerSwingsSummary& sum);

// Monte Carlo outputs (docs/user-guide.md, "Uncertainty"):
// bands.csv: date, then <column>_p10, _p50, _p90 for each banded column.
std::string bands_csv(const MonteCarlo& mc, const Calendar& cal);
// replications.csv: one row per replication: seed, key dates, stranded GPU-days, energy, cost;
// with the money model, its money figures (replication_money_header); with workloads, then its job
// outcome (replication_jobs_header/row).
std::string replications_csv(const MonteCarlo& mc, const Calendar& cal);
// The job outcome columns of replications.csv (io/mc_jobs_output.cpp), each with its leading
// comma; empty without workloads: per training run <name>_end (empty when not completed),
// <name>_status, <name>_ettr, <name>_interruptions, then wait_p50_hours, wait_p90_hours,
// wait_p99_hours, utilization, goodput.
std::string replication_jobs_header(const MonteCarlo& mc);
std::string replication_jobs_row(const MonteCarlo& mc, std::size_t r, const Calendar& cal);
// training_runs.csv (Monte Carlo with workloads): one row per training run: how many
// replications completed it (and why not the others), P10/P50/P90 of its end, of its ETTR.
std::string training_runs_csv(const MonteCarlo& mc, const Calendar& cal);
// The "monte_carlo" object's "training_runs" (as training_runs.csv) and "queue" (P10/P50/P90
// over the replications of each one's wait quantiles, utilization, goodput) for summary.json.
nlohmann::json monte_carlo_jobs_json(const MonteCarlo& mc, const Calendar& cal);
// The money columns of replications.csv (io/mc_money_output.cpp), each with its leading comma, after
// gpus_in_service_at_end: money_figure_names() (run/monte_carlo_stats.hpp); empty without the money model.
std::string replication_money_header(const MonteCarlo& mc);
struct RunFigures;  // io/figures.hpp
std::string replication_money_row(const RunFigures& f);
// The "monte_carlo" object's "money": each money figure's p10, p50, p90 over the replications (docs/money.md,
// "Monte Carlo"); only with the money model (has_money()).
nlohmann::json monte_carlo_money_json(const MonteCarlo& mc);
// key_dates.csv: date, then for 50/90/100% of racks in service the fraction of
// replications that had reached it by the end of that day.
std::string key_dates_csv(const MonteCarlo& mc, const Calendar& cal);
// The "monte_carlo" object of summary.json.
nlohmann::json monte_carlo_json(const MonteCarlo& mc, const Calendar& cal);

}  // namespace gwsim

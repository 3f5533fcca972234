// Monte Carlo job outcomes (run/replications.hpp ReplicationJobs, run/job_outcome_stats.hpp),
// their outputs (replications.csv columns, training_runs.csv, summary.json's monte_carlo),
// their checkpoints, and the report's section (docs/outputs.md, docs/report.md).
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/checkpoint.hpp"
#include "io/output.hpp"
#include "jobs/jobs_fixtures.hpp"
#include "report/report.hpp"
#include "run/distributed.hpp"
#include "run/job_outcome_stats.hpp"

using nlohmann::json;
using namespace gwsim::test;

namespace {

// One 8-GPU rack up within seconds of the start, no failures: run A (8 GPUs, 2 h, submitted on
// 2026-01-02) starts at once and ends at 02:00 that day in every replication; B (16 GPUs) never starts.
gwsim::Scenario deterministic() {
  json d = fleet(1, false);
  d["workloads"] = {{"policy", "fifo"},
                    {"training", {training("A", "2026-01-02", 8, 2.0), training("B", "2026-01-02", 16, 1.0)}}};
  return gwsim::scenario_from_json(d, "t.json");
}

// Twenty racks with node failures: a 128-GPU run of 200 h; interrupted a different number of times per seed.
gwsim::Scenario with_failures() {
  json d = fleet(20, true);
  d["workloads"] = {{"policy", "fifo"}, {"training", {training("T", "2026-01-02", 128, 200.0)}}};
  return gwsim::scenario_from_json(d, "t.json");
}

gwsim::Replication with_run(gwsim::TrainingStatus status, gwsim::Tick end, double ettr) {
  gwsim::Replication r;
  r.jobs = gwsim::ReplicationJobs{};
  r.jobs->training.push_back(gwsim::TrainingOutcome{status, end, ettr, 0});
  return r;
}

}  // namespace

TEST_CASE("a run that ends at the same instant in every replication: P10 = P50 = P90 = that instant", "[mc_jobs]") {
  const gwsim::Scenario s = deterministic();
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 5, 6, 2);
  REQUIRE(mc.training_runs == std::vector<std::string>{"A", "B"});
  const auto st = gwsim::training_run_stats(mc);
  REQUIRE(st.size() == 2);
  const gwsim::Tick end = gwsim::days(1) + gwsim::hours(2);  // 2026-01-02 02:00
  CHECK(st[0].completed == 6);
  for (std::size_t q = 0; q < 3; ++q) {
    REQUIRE(st[0].end[q].has_value());
    CHECK(*st[0].end[q] == end);
    CHECK(st[0].ettr[q] == Approx(1.0));  // no failure: every wall hour since its start is useful
    CHECK_FALSE(st[1].end[q].has_value());
    CHECK_FALSE(st[1].ettr[q].has_value());  // never started: no ETTR
  }
  CHECK(st[1].never_started == 6);
  CHECK(st[1].completed + st[1].running + st[1].waiting == 0);
  const gwsim::Calendar cal(s.start_iso);
  const std::string csv = gwsim::training_runs_csv(mc, cal);
  CHECK(csv.find("\nA,6,6,0,0,0,2026-01-02T02:00:00,2026-01-02T02:00:00,2026-01-02T02:00:00,1,1,1\n") !=
        std::string::npos);
  CHECK(csv.find("\nB,6,0,0,0,6,,,,,,\n") != std::string::npos);
}

TEST_CASE("rule: a run not completed in some replications counts as later than any date (type 7)", "[mc_jobs]") {
  // 5 replications, ends 10, 20, 40 in three, not completed in two: positions 0.4, 2, 3.6 of 0..4
  gwsim::MonteCarlo mc;
  mc.training_runs = {"T"};
  mc.runs.push_back(with_run(gwsim::TrainingStatus::completed, 40, 0.9));
  mc.runs.push_back(with_run(gwsim::TrainingStatus::running, -1, 0.5));
  mc.runs.push_back(with_run(gwsim::TrainingStatus::completed, 10, 0.7));
  mc.runs.push_back(with_run(gwsim::TrainingStatus::never_started, -1, 0));
  mc.runs.push_back(with_run(gwsim::TrainingStatus::completed, 20, 0.8));
  const auto st = gwsim::training_run_stats(mc).at(0);
  CHECK(st.completed == 3);
  CHECK(st.running == 1);
  CHECK(st.never_started == 1);
  CHECK(st.end[0] == 14);  // 10 + 0.4 * (20 - 10)
  CHECK(st.end[1] == 40);
  CHECK_FALSE(st.end[2].has_value());  // falls among the two not completed: not finished by the horizon
  // ETTR over the 4 that started: 0.5, 0.7, 0.8, 0.9 at positions 0.3, 1.5, 2.7
  CHECK(*st.ettr[0] == Approx(0.56));
  CHECK(*st.ettr[1] == Approx(0.75));
  CHECK(*st.ettr[2] == Approx(0.87));
}

TEST_CASE("replications.csv's job columns are each replication's run alone", "[mc_jobs]") {
  const gwsim::Scenario s = with_failures();
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 11, 4, 2);
  const gwsim::Calendar cal(s.start_iso);
  const std::string csv = gwsim::replications_csv(mc, cal);
  const std::string header = csv.substr(0, csv.find('\n'));
  CHECK(header.ends_with(
      ",T_end,T_status,T_ettr,T_interruptions,wait_p50_hours,wait_p90_hours,wait_p99_hours,utilization,goodput"));
  std::uint32_t most = 0, least = ~0u;
  for (std::size_t r = 0; r < mc.runs.size(); ++r) {
    const gwsim::RunOutput one = gwsim::run_scenario(s, mc.runs[r].seed);
    const gwsim::ReplicationJobs alone = gwsim::replication_jobs(*one.jobs_summary);
    const gwsim::ReplicationJobs& kept = *mc.runs[r].jobs;
    CHECK(kept.wait_p90_hours == alone.wait_p90_hours);
    CHECK(kept.utilization == alone.utilization);
    CHECK(kept.goodput == alone.goodput);
    REQUIRE(kept.training.size() == 1);
    CHECK(kept.training[0].end == alone.training[0].end);
    CHECK(kept.training[0].effective_training_time == one.jobs_summary->training[0].effective_training_time);
    CHECK(kept.training[0].interruptions == one.jobs_summary->training[0].interruptions);
    most = std::max(most, kept.training[0].interruptions);
    least = std::min(least, kept.training[0].interruptions);
    CHECK(csv.find(gwsim::replication_jobs_row(mc, r, cal) + "\n") != std::string::npos);
  }
  CHECK(most > least);  // the replications differ
}

TEST_CASE("a replication's job outcome survives its checkpoint; an older checkpoint is not used", "[mc_jobs]") {
  const gwsim::Scenario s = with_failures();
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 3, 1, 1);
  const std::string bytes = gwsim::encode_replication(mc.runs[0], mc.times, "fp");
  const auto back = gwsim::decode_replication(bytes, "fp");
  REQUIRE(back.has_value());
  REQUIRE(back->run.jobs.has_value());
  gwsim::MonteCarlo again = mc;
  again.runs[0] = back->run;
  const gwsim::Calendar cal(s.start_iso);
  CHECK(gwsim::replications_csv(again, cal) == gwsim::replications_csv(mc, cal));
  CHECK(gwsim::training_runs_csv(again, cal) == gwsim::training_runs_csv(mc, cal));
  // a file of format 3 (before job outcomes were kept) is refused: its replication runs again
  json j = json::from_cbor(bytes);
  j["format"] = 3;
  j.erase("jobs");
  const std::vector<std::uint8_t> old = json::to_cbor(j);
  CHECK_FALSE(gwsim::decode_replication(std::string(old.begin(), old.end()), "fp").has_value());
}

TEST_CASE("without workloads, Monte Carlo outputs have no job columns", "[mc_jobs]") {
  json d = fleet(1, false);
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 1, 2, 1);
  const gwsim::Calendar cal(s.start_iso);
  CHECK(gwsim::replications_csv(mc, cal).find("wait_p50_hours") == std::string::npos);
  CHECK(gwsim::training_run_stats(mc).empty());
  CHECK(gwsim::queue_figure_stats(mc).empty());
}

TEST_CASE("the report shows each training run's bands and the queue figures over the replications", "[mc_jobs]") {
  const gwsim::Scenario s = deterministic();
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 5, 3, 1);
  const gwsim::Calendar cal(s.start_iso);
  const gwsim::RunOutput one = gwsim::run_scenario(s, 5);
  json summary = gwsim::summary_json(s, one.summary, 5);
  summary["jobs"] = gwsim::jobs_summary_json(*one.jobs_summary, cal);
  summary["monte_carlo"] = gwsim::monte_carlo_json(mc, cal);
  const json jobs = gwsim::monte_carlo_jobs_json(mc, cal);
  summary["monte_carlo"]["training_runs"] = jobs["training_runs"];
  summary["monte_carlo"]["queue"] = jobs["queue"];
  const std::string html = gwsim::report::render_report(gwsim::report::run_data("t", summary, one.timeseries, cal));
  CHECK(html.find("Jobs over 3 replications") != std::string::npos);
  CHECK(html.find("<td>A</td><td>3 (100.0%)</td><td>2026-01-02</td><td>2026-01-02</td><td>2026-01-02</td>") !=
        std::string::npos);
  CHECK(html.find("<td>B</td><td>0 (0.0%)</td><td>not finished</td>") != std::string::npos);
  CHECK(html.find("id=\"mc-queue\"") != std::string::npos);
  CHECK(html.find("Queue wait P90 (hours)") != std::string::npos);
  // a single run's report has no such section
  summary.erase("monte_carlo");
  CHECK(gwsim::report::render_report(gwsim::report::run_data("t", summary, one.timeseries, cal)).find("Jobs over") ==
        std::string::npos);
}

TEST_CASE("a replication run alone (for remote workers) keeps its job outcome too", "[mc_jobs]") {
  const gwsim::Scenario s = with_failures();
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 11, 3, 1);
  const gwsim::ReplicationStore::Saved one = gwsim::run_replication(s, 11, 2);
  REQUIRE(one.run.jobs.has_value());
  CHECK(one.run.jobs->training[0].interruptions == mc.runs[2].jobs->training[0].interruptions);
  CHECK(one.run.jobs->goodput == mc.runs[2].jobs->goodput);
}

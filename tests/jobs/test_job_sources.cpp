// Job sources (sim/jobs/job_sources.hpp): streams and traces.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;

TEST_CASE("streams: Poisson arrivals at the declared rate, same seed same jobs", "[jobs]") {
  json d = fleet(100, false);
  d["workloads"] = json::parse(R"({"policy": "easy_backfill", "streams": [
      {"name": "batch", "start": "2026-01-02", "end": "2026-03-01", "arrivals_per_hour": 10,
       "gpus": {"dist": "lognormal", "median": 4, "sigma": 1}, "duration_hours": {"dist": "exponential", "mean": 2},
       "max_gpus": 64}]})");
  const Out a = run(d, 3);
  const Out b = run(d, 3);
  const double expected = 10.0 * 24 * 58;
  REQUIRE(std::abs(static_cast<double>(a.jobs.size()) - expected) < 4 * std::sqrt(expected));
  REQUIRE(a.jobs.size() == b.jobs.size());
  for (std::size_t i = 0; i < a.jobs.size(); ++i) {
    REQUIRE(a.jobs[i].gpus == b.jobs[i].gpus);
    REQUIRE(a.jobs[i].first_start == b.jobs[i].first_start);
    REQUIRE(a.jobs[i].gpus >= 1);
    REQUIRE(a.jobs[i].gpus <= 64);
  }
  // offered load 10/h x 2 h x E[GPUs] on 800 GPUs: utilisation well inside (0, 1)
  REQUIRE(a.summary.utilization > 0.05);
  REQUIRE(a.summary.utilization < 1.0);
  REQUIRE(a.summary.goodput == Approx(1.0).epsilon(1e-9));  // no failures: nothing lost
}

TEST_CASE("traces replay CSV jobs, scaled, and bad traces are scenario errors", "[jobs][trace]") {
  const auto dir = std::filesystem::temp_directory_path() / ("gwsim-trace-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream f(dir / "trace.csv");
    f << "job_id,user,gpu_num,submit_time,duration,state\n"
         "a,alice,2,2020-04-01 00:00:00,3600,COMPLETED\n"
         "b,bob,0,2020-04-01 00:10:00,60,COMPLETED\n"  // CPU job: skipped
         "c,bob,3,2020-04-01 01:00:00,7200,FAILED\n"
         "d,alice,1,2020-04-01 00:30:00,1800,COMPLETED\n";  // out of order: sorted
  }
  json d = fleet(10, false);
  d["workloads"] = {
      {"policy", "fifo"},
      {"traces",
       {{{"name", "helios"}, {"file", "trace.csv"}, {"start", "2026-01-02"}, {"gpu_scale", 2}, {"priority", 3}}}}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, (dir / "s.json").string());
  const gwsim::JobTrace& t = s.workloads->traces[0];
  REQUIRE(t.skipped_cpu_jobs == 1);
  REQUIRE(t.submit_hours == std::vector<double>{0.0, 0.5, 1.0});
  REQUIRE(t.gpus == std::vector<std::int64_t>{4, 2, 6});  // x2, in submission order
  gwsim::Engine eng;
  gwsim::Buildout fleet_model(eng, s, 1);
  gwsim::JobSystem jobs(eng, s, fleet_model, 1);
  eng.run_until(fleet_model.horizon());
  jobs.finish();
  REQUIRE(jobs.jobs().size() == 3);
  REQUIRE(jobs.jobs()[1].submit == gwsim::days(1) + gwsim::minutes(30));
  REQUIRE(jobs.jobs()[2].gpus == 6);
  REQUIRE(jobs.jobs()[2].kind == gwsim::JobSource::trace);
  for (const gwsim::JobRow& j : jobs.jobs()) CHECK(j.priority == 3);  // the trace's priority, every job
  REQUIRE(t.tenants[jobs.jobs()[2].tenant] == "bob");
  REQUIRE(jobs.summary().completed == 3);

  auto code_of = [&](const std::string& text) {
    std::ofstream(dir / "bad.csv") << text;
    json b = d;
    b["workloads"]["traces"][0]["file"] = "bad.csv";
    try {
      (void)gwsim::scenario_from_json(b, (dir / "s.json").string());
    } catch (const gwsim::ScenarioError& e) {
      return e.code() + " " + e.pointer();
    }
    return std::string("none");
  };
  REQUIRE(code_of("job_id,gpu_num,duration\n1,2,3\n") == "scenario.trace /workloads/traces/0/file");  // no submit_time
  REQUIRE(code_of("submit_time,gpu_num,duration\n0,two,3\n") == "scenario.trace /workloads/traces/0/file");
  REQUIRE(code_of("submit_time,gpu_num,duration\n0,2\n") == "scenario.trace /workloads/traces/0/file");
  REQUIRE(code_of("submit_time,gpu_num,duration\n0,-1,5\n") == "scenario.trace /workloads/traces/0/file");
  // gpu_num is at most 10 million (docs/scenarios.md)
  REQUIRE(code_of("submit_time,gpu_num,duration\n0,10000000,5\n") == "none");
  REQUIRE(code_of("submit_time,gpu_num,duration\n0,10000001,5\n") == "scenario.trace /workloads/traces/0/file");
  std::filesystem::remove_all(dir);
}

TEST_CASE("rule: a trace's jobs are submitted up to the end of the `end` day, not after (docs/jobs.md)",
          "[jobs][trace][rule]") {
  // fleet() ends on 2026-03-31: the horizon is the last microsecond of that day. A trace starting on
  // 03-31 submits at offsets 0 and 86,399 s (its last second); the job at 86,400 s (04-01) never is.
  const auto dir = std::filesystem::temp_directory_path() / ("gwsim-trace-end-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "trace.csv") << "submit_time,gpu_num,duration\n0,1,60\n86399,1,60\n86400,1,60\n";
  json d = fleet(1, false);
  d["workloads"] = {{"policy", "fifo"}, {"traces", {{{"name", "t"}, {"file", "trace.csv"}, {"start", "2026-03-31"}}}}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, (dir / "s.json").string());
  gwsim::Engine eng;
  gwsim::Buildout fleet_model(eng, s, 1);
  gwsim::JobSystem jobs(eng, s, fleet_model, 1);
  REQUIRE(fleet_model.horizon() == gwsim::days(90) - 1);  // Jan 31 + Feb 28 + Mar 31 days, less one tick
  eng.run_until(fleet_model.horizon());
  jobs.finish();
  CHECK(jobs.summary().submitted == 2);
  REQUIRE(jobs.jobs().size() == 2);
  CHECK(jobs.jobs()[1].submit == gwsim::days(89) + gwsim::seconds(86399));
  std::filesystem::remove_all(dir);
}

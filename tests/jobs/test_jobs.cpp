#include <unistd.h>

#include <cmath>
#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "jobs/jobs.hpp"
#include "model/buildout.hpp"
#include "io/loader.hpp"

using nlohmann::json;

namespace {

// One site with `racks` racks of 8 GPUs in service within seconds of the start.
json fleet(int racks, bool failures) {
  json d = json::parse(R"({
    "gwsim_scenario": 1, "name": "jobs", "start": "2026-01-01", "end": "2026-03-31", "seed": 1,
    "catalog": {"EIGHT": {"gpus_per_rack": 8, "gpus_per_node": 8, "rack_power_kw": 10, "fp8_pflops_per_gpu": 2,
                          "bf16_pflops_per_gpu": 1, "hbm_gb_per_gpu": 80, "capex_usd_per_rack": 1,
                          "failure_classes": [{"name": "node", "mtbf_gpu_hours": 800, "blast": "node",
                                               "repair_hours": {"dist": "fixed", "value": 4}}]}},
    "sites": [{"name": "a", "provider": "X", "pue": 1.1, "max_rack_power_kw": 20,
               "buildings": [{"rack_slots": 100000, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 100000}],
               "install": {"crews": 100000, "racks_per_crew_per_week": 100000, "burn_in_hours": 0, "burn_in_fail_prob": 0},
               "repair": {"technicians": 100000, "spare_nodes": 100000, "spare_restock_days": 1}}],
    "orders": [{"sku": "EIGHT", "site": "a", "deliveries": [{"date": "2026-01-01", "racks": 1}]}]
  })");
  d["orders"][0]["deliveries"][0]["racks"] = racks;
  d["failures"] = {{"enabled", failures}};
  return d;
}

json training(const char* name, const char* submit, int gpus, double hours, int priority = 0) {
  return {{"name", name}, {"submit", submit}, {"gpus", gpus}, {"wall_hours", hours},
          {"checkpoint_hours", 0.5}, {"restart_hours", 0.1}, {"priority", priority}};
}

struct Out {
  std::vector<gwsim::JobRow> jobs;
  gwsim::JobsSummary summary;
  gwsim::Timeseries ts;
};

Out run(const json& doc, std::uint64_t seed = 1) {
  const gwsim::Scenario s = gwsim::scenario_from_json(doc, "t.json");
  gwsim::Engine eng;
  gwsim::Buildout fleet(eng, s, seed);
  gwsim::JobSystem jobs(eng, s, fleet, seed);
  eng.run_until(fleet.horizon());
  jobs.finish();
  return Out{jobs.jobs(), jobs.summary(), fleet.timeseries()};
}

double wait_hours(const gwsim::JobRow& j) { return gwsim::to_hours(j.first_start - j.submit); }

}  // namespace

TEST_CASE("FIFO: a job waits for the one ahead of it", "[jobs]") {
  json d = fleet(1, false);
  d["workloads"] = {{"policy", "fifo"},
                    {"training", {training("A", "2026-01-02", 8, 2.0), training("B", "2026-01-02", 8, 1.0)}}};
  const Out o = run(d);
  REQUIRE(o.jobs.size() == 2);
  REQUIRE(wait_hours(o.jobs[0]) == 0.0);
  REQUIRE(wait_hours(o.jobs[1]) == Approx(2.0));
  REQUIRE(o.jobs[1].completed);
  REQUIRE(o.jobs[1].end - o.jobs[1].submit == gwsim::hours(3));
  REQUIRE(o.summary.completed == 2);
  REQUIRE(o.summary.useful_gpu_hours == Approx(8 * 3.0));
  REQUIRE(o.summary.goodput == Approx(1.0));
  // useful FLOP: 24 GPU-hours at 2 PF
  REQUIRE(o.summary.useful_fp8_flop == Approx(24 * 2e15 * 3600));
}

TEST_CASE("priority: a later, higher-priority job goes first", "[jobs]") {
  json d = fleet(1, false);
  d["workloads"] = {{"policy", "priority"},
                    {"training", {training("A", "2026-01-02", 8, 2.0), training("low", "2026-01-02", 8, 1.0, 0),
                                  training("high", "2026-01-02", 8, 1.0, 5)}}};
  const Out o = run(d);
  REQUIRE(wait_hours(o.jobs[2]) == Approx(2.0));  // high runs right after A
  REQUIRE(wait_hours(o.jobs[1]) == Approx(3.0));
}

TEST_CASE("EASY backfilling starts short jobs that do not delay the head", "[jobs]") {
  // 8 GPUs. A (4 GPUs, 2 h) runs; head H (8 GPUs) must wait for it: reservation at +2 h.
  // S (4 GPUs, 1 h) fits before the reservation and backfills; L (4 GPUs, 3 h) would
  // delay H and does not.
  json d = fleet(1, false);
  auto jobs = json::array({training("A", "2026-01-02", 4, 2.0), training("H", "2026-01-02", 8, 1.0),
                           training("L", "2026-01-02", 4, 3.0), training("S", "2026-01-02", 4, 1.0)});
  d["workloads"] = {{"policy", "easy_backfill"}, {"training", jobs}};
  const Out easy = run(d);
  REQUIRE(wait_hours(easy.jobs[1]) == Approx(2.0));  // H keeps its reservation
  REQUIRE(wait_hours(easy.jobs[3]) == 0.0);          // S backfilled
  REQUIRE(wait_hours(easy.jobs[2]) == Approx(3.0));  // L after H
  d["workloads"]["policy"] = "fifo";
  const Out fifo = run(d);
  REQUIRE(wait_hours(fifo.jobs[3]) == Approx(3.0));  // S waits behind H and L (which start together at +3 h)
  REQUIRE(easy.summary.wait_mean_hours < fifo.summary.wait_mean_hours);
}

TEST_CASE("failures interrupt jobs, which keep their checkpointed work", "[jobs]") {
  // 20 racks of 8 GPUs, node failures every 100 rack-hours on average; a 128-GPU
  // run of 200 h with 0.5 h checkpoints and 0.1 h restarts, and 32 spare GPUs
  json d = fleet(20, true);
  d["workloads"] = {{"policy", "fifo"}, {"training", {training("T", "2026-01-02", 128, 200.0)}}};
  const Out o = run(d, 7);
  const gwsim::JobRow& t = o.jobs[0];
  REQUIRE(t.interruptions > 10);
  REQUIRE(t.completed);
  // every GPU-hour the job held is either useful or lost
  REQUIRE(t.useful_gpu_hours + t.lost_gpu_hours == Approx(t.run_hours * 128).epsilon(1e-9));
  REQUIRE(t.useful_gpu_hours == Approx(200.0 * 128).epsilon(1e-9));
  // each interruption loses under a checkpoint interval plus a restart
  REQUIRE(t.lost_gpu_hours <= t.interruptions * (0.5 + 0.1) * 128 + 1e-6);
  REQUIRE(o.summary.training.size() == 1);
  REQUIRE(o.summary.training[0].effective_training_time < 1.0);
  REQUIRE(o.summary.training[0].effective_training_time > 0.8);
  // busy GPUs never exceed those in service
  const auto& busy = o.ts.column("gpus_busy");
  const auto& up = o.ts.column("gpus_in_service");
  for (std::size_t r = 0; r < o.ts.rows(); ++r) REQUIRE(busy[r] <= up[r]);
}

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
         "b,bob,0,2020-04-01 00:10:00,60,COMPLETED\n"          // CPU job: skipped
         "c,bob,3,2020-04-01 01:00:00,7200,FAILED\n"
         "d,alice,1,2020-04-01 00:30:00,1800,COMPLETED\n";     // out of order: sorted
  }
  json d = fleet(10, false);
  d["workloads"] = {{"policy", "fifo"},
                    {"traces", {{{"name", "helios"}, {"file", "trace.csv"}, {"start", "2026-01-02"}, {"gpu_scale", 2}}}}};
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
  std::filesystem::remove_all(dir);
}

TEST_CASE("inference is served first and preempts jobs when allowed", "[jobs][inference]") {
  // 80 GPUs. Inference wants 16 from Jan 2, all 80 from Jan 10, none from Jan 20.
  // A 64-GPU run submitted Jan 2 fits beside the first 16, is preempted on Jan 10
  // and resumes on Jan 20 from its last checkpoint.
  json d = fleet(10, false);
  d["workloads"] = {{"policy", "fifo"},
                    {"training", {training("T", "2026-01-02", 64, 24.0 * 30)}},
                    {"inference", {{"name", "chat"}, {"preempt", true},
                                   {"demand", {{{"date", "2026-01-02"}, {"gpus", 16}}, {{"date", "2026-01-10"}, {"gpus", 80}},
                                               {{"date", "2026-01-20"}, {"gpus", 0}}}}}}};
  const Out o = run(d);
  REQUIRE(o.summary.preemptions == 1);
  REQUIRE(o.jobs[0].interruptions == 1);
  REQUIRE(o.jobs[0].first_start == gwsim::days(1));
  // demand: 16 GPUs x 8 days + 80 x 10 days, all served
  REQUIRE(o.summary.inference_demand_gpu_hours == Approx(24.0 * (16 * 8 + 80 * 10)));
  REQUIRE(o.summary.inference_served_gpu_hours == Approx(o.summary.inference_demand_gpu_hours));
  // the run lost at most a checkpoint interval and paid one restart
  REQUIRE(o.jobs[0].lost_gpu_hours <= 64 * (0.5 + 0.1) + 1e-9);
  REQUIRE(o.jobs[0].completed);
  const auto& inf = o.ts.column("inference_gpus");
  const auto& busy = o.ts.column("gpus_busy");
  for (std::size_t r = 0; r < o.ts.rows(); ++r) REQUIRE(inf[r] <= busy[r]);

  // without preemption the run keeps its GPUs and inference gets what is left
  d["workloads"]["inference"]["preempt"] = false;
  const Out np = run(d);
  REQUIRE(np.summary.preemptions == 0);
  REQUIRE(np.jobs[0].interruptions == 0);
  REQUIRE(np.summary.inference_served_gpu_hours == Approx(24.0 * (16 * 8 + 16 * 10)));
}

TEST_CASE("fair share puts a light tenant ahead of a heavy one", "[jobs][fair_share]") {
  // 8 GPUs, overloaded by a heavy tenant (1.2 jobs/h of 8 GPUs x 1 h); a light
  // tenant submits now and then. Under FIFO both wait behind the backlog; under
  // fair share the light tenant's jobs go ahead of the heavy tenant's newer ones.
  json d = fleet(1, false);
  d["workloads"] = json::parse(R"({"policy": "fifo", "streams": [
      {"name": "heavy", "start": "2026-01-02", "end": "2026-01-20", "arrivals_per_hour": 1.2,
       "gpus": {"dist": "fixed", "value": 8}, "duration_hours": {"dist": "fixed", "value": 1}},
      {"name": "light", "start": "2026-01-02", "end": "2026-01-20", "arrivals_per_hour": 0.1,
       "gpus": {"dist": "fixed", "value": 8}, "duration_hours": {"dist": "fixed", "value": 1}}]})");
  auto mean_wait = [](const Out& o, std::uint32_t source) {
    double sum = 0;
    int n = 0;
    for (const auto& j : o.jobs)
      if (j.source == source && j.first_start >= 0) {
        sum += wait_hours(j);
        ++n;
      }
    return sum / n;
  };
  const Out fifo = run(d, 9);
  d["workloads"]["policy"] = "fair_share";
  const Out fair = run(d, 9);
  REQUIRE(mean_wait(fifo, 1) > 20.0);                       // the backlog grows for everyone
  REQUIRE(mean_wait(fair, 1) < 0.2 * mean_wait(fifo, 1));   // the light tenant skips it
  REQUIRE(mean_wait(fair, 0) >= mean_wait(fifo, 0) * 0.9);  // the heavy tenant pays for it
  // usage forgotten within seconds: fair share degenerates to FIFO
  d["workloads"]["fair_share_half_life_days"] = 1e-6;
  const Out forgetful = run(d, 9);
  REQUIRE(mean_wait(forgetful, 1) > 0.5 * mean_wait(fifo, 1));
}

TEST_CASE("CPU jobs run on the CPU pool, apart from the GPUs", "[jobs][cpu]") {
  // a pool of 64 vCPUs from Jan 2, 256 from Jan 5, 16 from Feb 1 (a shrink interrupts jobs)
  json d = fleet(1, false);
  d["workloads"] = json::parse(R"({"policy": "fifo",
      "cpu_pool": {"name": "graviton", "vcpus": [{"date": "2026-01-02", "vcpus": 64}, {"date": "2026-01-05", "vcpus": 256},
                                                 {"date": "2026-02-01", "vcpus": 16}]},
      "streams": [{"name": "agents", "start": "2026-01-02", "end": "2026-02-15", "arrivals_per_hour": 20,
                   "vcpus": {"dist": "fixed", "value": 8}, "duration_hours": {"dist": "exponential", "mean": 0.5},
                   "max_vcpus": 64, "checkpoint_hours": 0.1},
                  {"name": "gpu", "start": "2026-01-02", "end": "2026-01-03", "arrivals_per_hour": 1,
                   "gpus": {"dist": "fixed", "value": 8}, "duration_hours": {"dist": "fixed", "value": 0.5}}]})");
  const Out o = run(d, 2);
  std::size_t cpu_jobs = 0;
  for (const auto& j : o.jobs)
    if (j.source == 0) {
      ++cpu_jobs;
      REQUIRE(j.gpus == 8);  // vCPUs
    }
  REQUIRE(cpu_jobs > 500);
  // offered CPU load 20/h x 0.5 h x 8 = 80 vCPUs: more than 64, less than 256
  REQUIRE(o.summary.cpu_utilization > 0.1);
  REQUIRE(o.summary.cpu_utilization < 1.0);
  // GPU accounting does not see CPU work
  REQUIRE(o.summary.useful_gpu_hours == Approx(8 * 0.5 * static_cast<double>(o.jobs.size() - cpu_jobs)));
  const auto& vbusy = o.ts.column("vcpus_busy");
  const auto& vpool = o.ts.column("vcpus_pool");
  const auto& gbusy = o.ts.column("gpus_busy");
  for (std::size_t r = 0; r < o.ts.rows(); ++r) {
    REQUIRE(vbusy[r] <= vpool[r]);
    REQUIRE(gbusy[r] <= 8);
  }
  REQUIRE(o.summary.interruptions > 0);  // the shrink to 16 vCPUs
  // a CPU stream without a pool is an error
  d["workloads"].erase("cpu_pool");
  try {
    (void)gwsim::scenario_from_json(d, "t.json");
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(e.code() == "scenario.reference");
    REQUIRE(e.pointer() == "/workloads/streams/0/vcpus");
  }
}

TEST_CASE("a job may span the sites of a declared cluster", "[jobs][cluster]") {
  // two sites of 8 GPUs; a 12-GPU run fits in neither alone
  json d = fleet(1, false);
  json b = d["sites"][0];
  b["name"] = "b";
  d["sites"].push_back(b);
  d["orders"].push_back({{"sku", "EIGHT"}, {"site", "b"}, {"deliveries", {{{"date", "2026-01-01"}, {"racks", 1}}}}});
  json run12 = training("wide", "2026-01-02", 12, 10.0);
  d["workloads"] = {{"policy", "easy_backfill"}, {"training", {run12, training("small", "2026-01-02", 4, 20.0)}}};
  const Out single = run(d);
  REQUIRE(single.jobs[0].first_start < 0);  // never fits in one site
  REQUIRE(single.jobs[1].first_start == gwsim::days(1));  // backfilled: the head can never start
  d["workloads"]["clusters"] = {{{"name", "ab"}, {"sites", {"a", "b"}}}};
  d["workloads"]["training"][0]["cluster"] = "ab";
  const Out spanning = run(d);
  REQUIRE(spanning.jobs[0].first_start == gwsim::days(1));
  REQUIRE(spanning.jobs[0].cluster == 0);
  REQUIRE(spanning.jobs[0].completed);
  // the 4-GPU run fits beside it (16 GPUs in all) and does not delay it
  REQUIRE(spanning.jobs[1].first_start == gwsim::days(1));
  const auto& busy = spanning.ts.column("gpus_busy");
  REQUIRE(*std::max_element(busy.begin(), busy.end()) <= 16);

  // with failures, a failure at either site interrupts the whole job
  json f = d;
  f["failures"] = {{"enabled", true}};
  f["workloads"]["training"] = {training("wide", "2026-01-02", 12, 300.0)};
  f["workloads"]["training"][0]["cluster"] = "ab";
  const Out failing = run(f, 5);
  REQUIRE(failing.jobs[0].interruptions > 3);
  REQUIRE(failing.jobs[0].useful_gpu_hours + failing.jobs[0].lost_gpu_hours ==
          Approx(failing.jobs[0].run_hours * 12).epsilon(1e-9));

  // loader checks
  auto code_of = [&](const std::function<void(json&)>& edit) {
    json e = d;
    edit(e);
    try {
      (void)gwsim::scenario_from_json(e, "t.json");
    } catch (const gwsim::ScenarioError& err) {
      return err.code() + " " + err.pointer();
    }
    return std::string("none");
  };
  REQUIRE(code_of([](json& e) { e["workloads"]["training"][0]["cluster"] = "zz"; }) ==
          "scenario.reference /workloads/training/0/cluster");
  REQUIRE(code_of([](json& e) { e["workloads"]["clusters"][0]["sites"] = {"a", "nowhere"}; }) ==
          "scenario.reference /workloads/clusters/0/sites/1");
  REQUIRE(code_of([](json& e) { e["workloads"]["clusters"][0]["sites"] = {"a", "a"}; }) ==
          "scenario.duplicate /workloads/clusters/0/sites/1");
  REQUIRE(code_of([](json& e) { e["workloads"]["training"][0]["site"] = "a"; }) ==
          "scenario.unknown_key /workloads/training/0/cluster");
}

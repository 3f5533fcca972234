// Implausible workloads (sim/io/workload_warnings.hpp): a checkpoint that costs
// at least its interval draws plausibility.checkpoint_cost at its pointer.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"
#include "io/workload_warnings.hpp"
#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;

TEST_CASE("workload warnings: checkpoint cost not below the interval", "[io][warnings][checkpoint_cost]") {
  json d = gwsim::test::fleet(1, false);
  json ok = gwsim::test::training("ok", "2026-01-02", 8, 2.0);  // checkpoints every 0.5 h
  ok["checkpoint_cost_hours"] = 0.49;
  json slow = gwsim::test::training("slow", "2026-01-02", 8, 2.0);
  slow["checkpoint_cost_hours"] = 0.5;
  d["workloads"] = {{"policy", "fifo"},
                    {"streams",
                     {{{"name", "s"},
                       {"start", "2026-01-01"},
                       {"end", "2026-01-02"},
                       {"arrivals_per_hour", 1},
                       {"gpus", {{"dist", "fixed"}, {"value", 1}}},
                       {"duration_hours", {{"dist", "fixed"}, {"value", 1}}},
                       {"checkpoint_hours", 0.1},
                       {"checkpoint_cost_hours", 0.2}}}},
                    {"training", {ok, slow}}};
  const auto w = gwsim::detail::workload_warnings(gwsim::scenario_from_json(d, "t.json"));
  REQUIRE(w.size() == 2);
  REQUIRE(w[0].code == "plausibility.checkpoint_cost");
  REQUIRE(w[0].pointer == "/workloads/streams/0/checkpoint_cost_hours");
  REQUIRE(w[1].pointer == "/workloads/training/1/checkpoint_cost_hours");
  REQUIRE(w[1].message.find("\"slow\"") != std::string::npos);
  // no checkpoint cost, no warning
  d["workloads"]["streams"][0].erase("checkpoint_cost_hours");
  d["workloads"]["training"].erase(1);
  REQUIRE(gwsim::detail::workload_warnings(gwsim::scenario_from_json(d, "t.json")).empty());
}

TEST_CASE("rule: every stream, training run and trace is checked, not only the first (docs/scenarios.md)",
          "[io][warnings][checkpoint_cost][rule]") {
  gwsim::test::TempDir dir;
  dir.write("trace.csv", "submit_time,gpu_num,duration\n0,1,3600\n");
  json d = gwsim::test::fleet(1, false);
  const json stream = {{"name", "s"},
                       {"start", "2026-01-01"},
                       {"end", "2026-01-02"},
                       {"arrivals_per_hour", 1},
                       {"gpus", {{"dist", "fixed"}, {"value", 1}}},
                       {"duration_hours", {{"dist", "fixed"}, {"value", 1}}},
                       {"checkpoint_hours", 1.0}};
  const json trace = {{"name", "t"}, {"file", "trace.csv"}, {"start", "2026-01-02"}, {"checkpoint_hours", 1.0}};
  const json run = gwsim::test::training("r", "2026-01-02", 8, 2.0);  // checkpoints every 0.5 h
  d["workloads"] = {
      {"policy", "fifo"}, {"streams", {stream, stream}}, {"training", {run, run}}, {"traces", {trace, trace}}};
  // the second of each writes a checkpoint as long as its interval: 1 h every 1 h, 0.5 h every 0.5 h
  d["workloads"]["streams"][1]["checkpoint_cost_hours"] = 1.0;
  d["workloads"]["training"][1]["checkpoint_cost_hours"] = 0.5;
  d["workloads"]["traces"][1]["checkpoint_cost_hours"] = 1.0;
  const auto w = gwsim::detail::workload_warnings(gwsim::scenario_from_json(d, (dir.path / "s.json").string()));
  REQUIRE(w.size() == 3);
  CHECK(w[0].pointer == "/workloads/streams/1/checkpoint_cost_hours");
  CHECK(w[1].pointer == "/workloads/training/1/checkpoint_cost_hours");
  CHECK(w[2].pointer == "/workloads/traces/1/checkpoint_cost_hours");
}

TEST_CASE("rule: a job without checkpoints draws no checkpoint-cost warning (docs/jobs.md)", "[io][warnings][rule]") {
  // A stream without checkpoint_hours: no checkpoint is written, so nothing can cost half the time (C = 0 >= tau = 0
  // must not read as "at least half").
  json d = gwsim::test::fleet(1, false);
  d["workloads"] = {{"policy", "fifo"},
                    {"streams",
                     {{{"name", "s"},
                       {"start", "2026-01-01"},
                       {"end", "2026-01-02"},
                       {"arrivals_per_hour", 1},
                       {"gpus", {{"dist", "fixed"}, {"value", 1}}},
                       {"duration_hours", {{"dist", "fixed"}, {"value", 1}}}}}}};
  REQUIRE(gwsim::detail::workload_warnings(gwsim::scenario_from_json(d, "t.json")).empty());
}

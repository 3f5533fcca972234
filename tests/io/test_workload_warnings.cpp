// Implausible workloads (sim/io/workload_warnings.hpp): a checkpoint that costs
// at least its interval draws plausibility.checkpoint_cost at its pointer.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
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

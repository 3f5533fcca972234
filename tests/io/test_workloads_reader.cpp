// The workloads section of a scenario (sim/io/workloads_reader.cpp): the
// ranges docs/scenarios.md states, each bound accepted and a value just past
// it rejected with its code and pointer.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"

using gwsim::test::minimal_scenario;
using nlohmann::json;

namespace {

// The minimal scenario with one stream of 1-GPU, 1-hour jobs over one day.
json with_stream() {
  json d = minimal_scenario();
  d["workloads"] = json::parse(R"({"policy": "easy_backfill", "streams": [
      {"name": "batch", "start": "2026-01-02", "end": "2026-01-03", "arrivals_per_hour": 1,
       "gpus": {"dist": "fixed", "value": 1}, "duration_hours": {"dist": "fixed", "value": 1}}]})");
  return d;
}

// "code pointer" of the error the document raises, or "none". `file` names the
// scenario (a trace's CSV is found next to it).
std::string error_of(const json& doc, const std::string& file = "t.json") {
  try {
    (void)gwsim::scenario_from_json(doc, file);
  } catch (const gwsim::ScenarioError& e) {
    return e.code() + " " + e.pointer();
  }
  return "none";
}

}  // namespace

TEST_CASE("rule: backfill_depth is an integer in [1, 100000] (docs/scenarios.md)", "[loader][rule]") {
  json d = with_stream();
  d["workloads"]["backfill_depth"] = 1;
  CHECK(gwsim::scenario_from_json(d, "t.json").workloads->backfill_depth == 1);
  d["workloads"]["backfill_depth"] = 100'000;
  CHECK(gwsim::scenario_from_json(d, "t.json").workloads->backfill_depth == 100'000);
  d["workloads"]["backfill_depth"] = 0;
  CHECK(error_of(d) == "scenario.range /workloads/backfill_depth");
  d["workloads"]["backfill_depth"] = 100'001;
  CHECK(error_of(d) == "scenario.range /workloads/backfill_depth");
}

TEST_CASE("rule: streams, training, traces and clusters may be empty arrays (docs/scenarios.md)", "[loader][rule]") {
  json d = minimal_scenario();
  d["workloads"] = json::parse(R"({"policy": "fifo", "streams": [], "training": [], "traces": [], "clusters": []})");
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  REQUIRE(s.workloads.has_value());
  CHECK(s.workloads->streams.empty());
  CHECK(s.workloads->training.empty());
  CHECK(s.workloads->traces.empty());
  CHECK(s.workloads->clusters.empty());
}

// docs/scenarios.md: arrivals_per_hour is a number > 0. The loader also bounds
// it at 1e7 per hour, a bound that only catches typos (scenario.range).
TEST_CASE("arrivals_per_hour is above 0 and at most 1e7: just past either bound is scenario.range", "[loader]") {
  json d = with_stream();
  json& st = d["workloads"]["streams"][0];
  st["max_jobs"] = 1000;  // 1e7 per hour for a day is 2.4e8 jobs: capped, so not a scenario.limit
  st["arrivals_per_hour"] = 1e7;
  CHECK(gwsim::scenario_from_json(d, "t.json").workloads->streams[0].arrivals_per_hour == 1e7);
  st["arrivals_per_hour"] = 1.5e7;
  CHECK(error_of(d) == "scenario.range /workloads/streams/0/arrivals_per_hour");
  st["arrivals_per_hour"] = 0;
  CHECK(error_of(d) == "scenario.range /workloads/streams/0/arrivals_per_hour");
}

TEST_CASE("rule: without max_jobs, a stream expecting more than 3e7 arrivals is scenario.limit (docs/scenarios.md)",
          "[loader][rule]") {
  json d = with_stream();  // one day: 24 hours
  json& st = d["workloads"]["streams"][0];
  st["arrivals_per_hour"] = 1.25e6;  // 1.25e6 x 24 = 3e7 exactly: not more than the limit
  CHECK(error_of(d) == "none");
  st["arrivals_per_hour"] = 1.3e6;  // 1.3e6 x 24 = 3.12e7
  CHECK(error_of(d) == "scenario.limit /workloads/streams/0/arrivals_per_hour");
  st["max_jobs"] = 30'000'000;
  CHECK(error_of(d) == "none");
}

TEST_CASE("rule: checkpoint_hours is a number > 0 for streams, training runs and traces (docs/scenarios.md)",
          "[loader][rule]") {
  gwsim::test::TempDir dir;
  dir.write("trace.csv", "submit_time,gpu_num,duration\n0,1,3600\n");
  const std::string file = (dir.path / "s.json").string();
  json d = with_stream();
  d["workloads"]["training"] = json::parse(R"([{"name": "run", "submit": "2026-01-02", "gpus": 8,
      "wall_hours": 10, "checkpoint_hours": 0.5, "restart_hours": 0}])");
  d["workloads"]["traces"] = json::parse(R"([{"name": "tr", "file": "trace.csv", "start": "2026-01-02"}])");
  for (const char* section : {"streams", "training", "traces"}) {
    INFO(section);
    json e = d;
    e["workloads"][section][0]["checkpoint_hours"] = 0.5;  // half an hour: below 1, above 0
    const gwsim::Scenario s = gwsim::scenario_from_json(e, file);
    const std::string kind(section);
    const double tau = kind == "streams"    ? s.workloads->streams[0].checkpoint_hours
                       : kind == "training" ? s.workloads->training[0].checkpoint_hours
                                            : s.workloads->traces[0].checkpoint_hours;
    CHECK(tau == 0.5);
    e["workloads"][section][0]["checkpoint_hours"] = 0;
    CHECK(error_of(e, file) == "scenario.range /workloads/" + kind + "/0/checkpoint_hours");
  }
}

TEST_CASE("rule: a stream's tenant is its 'tenant', by default the stream's name (docs/scenarios.md)",
          "[loader][rule]") {
  json d = with_stream();
  CHECK(gwsim::scenario_from_json(d, "t.json").workloads->streams[0].tenant == "batch");
  d["workloads"]["streams"][0]["tenant"] = "research";
  CHECK(gwsim::scenario_from_json(d, "t.json").workloads->streams[0].tenant == "research");
}

TEST_CASE("rule: a trace's gpu_scale and time_scale are numbers > 0, below 1 too (docs/scenarios.md)",
          "[loader][rule]") {
  gwsim::test::TempDir dir;
  dir.write("trace.csv", "submit_time,gpu_num,duration\n0,1,3600\n");
  const std::string file = (dir.path / "s.json").string();
  json d = with_stream();
  d["workloads"]["traces"] = json::parse(R"([{"name": "tr", "file": "trace.csv", "start": "2026-01-02",
      "gpu_scale": 0.25, "time_scale": 0.5}])");
  const gwsim::Scenario s = gwsim::scenario_from_json(d, file);
  CHECK(s.workloads->traces[0].gpu_scale == 0.25);
  CHECK(s.workloads->traces[0].time_scale == 0.5);
  for (const char* key : {"gpu_scale", "time_scale"}) {
    json e = d;
    e["workloads"]["traces"][0][key] = 0;
    CHECK(error_of(e, file) == std::string("scenario.range /workloads/traces/0/") + key);
  }
}

TEST_CASE("rule: a CPU pool and inference demand have at least one step, dates strictly increasing (docs/scenarios.md)",
          "[loader][rule]") {
  json d = with_stream();
  d["workloads"]["cpu_pool"] = json::parse(R"({"name": "cpu", "vcpus": [{"date": "2026-01-02", "vcpus": 64},
      {"date": "2026-01-03", "vcpus": 128}]})");
  d["workloads"]["inference"] = json::parse(R"({"name": "inf", "preempt": false, "demand": [
      {"date": "2026-01-02", "gpus": 8}, {"date": "2026-01-05", "gpus": 0}]})");
  CHECK(error_of(d) == "none");
  json same = d;
  same["workloads"]["cpu_pool"]["vcpus"][1]["date"] = "2026-01-02";
  CHECK(error_of(same) == "scenario.order /workloads/cpu_pool/vcpus/1/date");
  json back = d;
  back["workloads"]["inference"]["demand"][1]["date"] = "2026-01-01";
  CHECK(error_of(back) == "scenario.order /workloads/inference/demand/1/date");
  // and at least one step each
  json no_vcpus = d;
  no_vcpus["workloads"]["cpu_pool"]["vcpus"] = json::array();
  CHECK(error_of(no_vcpus) == "scenario.range /workloads/cpu_pool/vcpus");
  json no_demand = d;
  no_demand["workloads"]["inference"]["demand"] = json::array();
  CHECK(error_of(no_demand) == "scenario.range /workloads/inference/demand");
  // each is named
  json no_name = d;
  no_name["workloads"]["inference"].erase("name");
  CHECK(error_of(no_name) == "scenario.missing_key /workloads/inference/name");
  no_name = d;
  no_name["workloads"]["cpu_pool"].erase("name");
  CHECK(error_of(no_name) == "scenario.missing_key /workloads/cpu_pool/name");
}

TEST_CASE("rule: cluster names are unique; clusters of distinct names may share sites (docs/scenarios.md)",
          "[loader][rule]") {
  json d = with_stream();
  json b = d["sites"][0];
  b["name"] = "b";
  d["sites"].push_back(b);
  d["workloads"]["clusters"] =
      json::parse(R"([{"name": "c1", "sites": ["a", "b"]}, {"name": "c2", "sites": ["b", "a"]}])");
  CHECK(error_of(d) == "none");
  d["workloads"]["clusters"][1]["name"] = "c1";
  CHECK(error_of(d) == "scenario.duplicate /workloads/clusters/1/name");
}

// --- reservations, preemptible jobs, inference placement (docs/scenarios.md, "Reservations") ---

namespace {

// with_stream() plus a training run "T" and one reservation `r`.
json with_reservation(const json& r) {
  json d = with_stream();
  d["workloads"]["training"] = json::parse(
      R"([{"name": "T", "submit": "2026-02-02", "gpus": 8, "wall_hours": 10, "checkpoint_hours": 1, "restart_hours": 0}])");
  d["workloads"]["reservations"] = json::array({r});
  return d;
}

json res_for_t() {
  return json::parse(R"({"name": "r", "start": "2026-02-01", "sites": {"a": 72}, "for": {"training": "T"}})");
}

}  // namespace

TEST_CASE("reservations: the accepted forms read; each error path has its code and pointer", "[loader][reservations]") {
  REQUIRE(error_of(with_reservation(res_for_t())) == "none");
  json r = res_for_t();
  r["for"] = {{"training", "nope"}};
  REQUIRE(error_of(with_reservation(r)) == "scenario.reference /workloads/reservations/0/for/training");
  r = res_for_t();
  r["sites"] = {{"zz", 8}};
  REQUIRE(error_of(with_reservation(r)) == "scenario.reference /workloads/reservations/0/sites/zz");
  r = res_for_t();
  r["end"] = "2026-02-01";
  REQUIRE(error_of(with_reservation(r)) == "scenario.order /workloads/reservations/0/end");
  r["end"] = "2026-02-02";
  REQUIRE(error_of(with_reservation(r)) == "none");
  r = res_for_t();
  r["for"] = {{"tenant", "batch"}, {"training", "T"}};
  REQUIRE(error_of(with_reservation(r)) == "scenario.unknown_key /workloads/reservations/0/for");
  r["for"] = {{"inference", true}};
  REQUIRE(error_of(with_reservation(r)) == "scenario.reference /workloads/reservations/0/for/inference");
  r["for"] = {{"tenant", "batch"}};
  REQUIRE(error_of(with_reservation(r)) == "none");
  r["cluster"] = "c";
  REQUIRE(error_of(with_reservation(r)) == "scenario.unknown_key /workloads/reservations/0/cluster");
  r.erase("sites");
  REQUIRE(error_of(with_reservation(r)) == "scenario.reference /workloads/reservations/0/cluster");
  r.erase("cluster");
  REQUIRE(error_of(with_reservation(r)) == "scenario.missing_key /workloads/reservations/0/sites");
  r = res_for_t();
  r["sites"] = {{"a", 0}};
  REQUIRE(error_of(with_reservation(r)) == "scenario.range /workloads/reservations/0/sites/a");
  json two = with_reservation(res_for_t());
  two["workloads"]["reservations"].push_back(res_for_t());
  REQUIRE(error_of(two) == "scenario.duplicate /workloads/reservations/1/name");
}

TEST_CASE("reservations: a cluster's share is in (0, 1]", "[loader][reservations]") {
  json r = json::parse(R"({"name": "r", "start": "2026-02-01", "cluster": "c", "share": 1, "for": {"tenant": "x"}})");
  json d = with_reservation(r);
  d["sites"].push_back(d["sites"][0]);
  d["sites"][1]["name"] = "b";
  d["workloads"]["clusters"] = json::parse(R"([{"name": "c", "sites": ["a", "b"]}])");
  REQUIRE(error_of(d) == "none");
  d["workloads"]["reservations"][0]["share"] = 0;
  REQUIRE(error_of(d) == "scenario.range /workloads/reservations/0/share");
  d["workloads"]["reservations"][0]["share"] = 1.0001;
  REQUIRE(error_of(d) == "scenario.range /workloads/reservations/0/share");
  d["workloads"]["reservations"][0].erase("share");
  REQUIRE(error_of(d) == "scenario.missing_key /workloads/reservations/0/share");
}

TEST_CASE("inference sites and max_gpus_per_site name sites; preemptible is a boolean of GPU streams and traces",
          "[loader][reservations]") {
  json d = with_stream();
  d["workloads"]["inference"] = json::parse(
      R"({"name": "chat", "preempt": false, "demand": [{"date": "2026-02-02", "gpus": 8}], "sites": ["a"],
          "max_gpus_per_site": {"a": 16}})");
  REQUIRE(error_of(d) == "none");
  d["workloads"]["inference"]["sites"] = {"a", "a"};
  REQUIRE(error_of(d) == "scenario.duplicate /workloads/inference/sites/1");
  d["workloads"]["inference"]["sites"] = {"zz"};
  REQUIRE(error_of(d) == "scenario.reference /workloads/inference/sites/0");
  d["workloads"]["inference"]["sites"] = {"a"};
  d["workloads"]["inference"]["max_gpus_per_site"] = {{"zz", 3}};
  REQUIRE(error_of(d) == "scenario.reference /workloads/inference/max_gpus_per_site/zz");
  d["workloads"]["inference"]["max_gpus_per_site"] = {{"a", -1}};
  REQUIRE(error_of(d) == "scenario.range /workloads/inference/max_gpus_per_site/a");
  d["workloads"]["inference"].erase("max_gpus_per_site");
  d["workloads"]["streams"][0]["preemptible"] = "yes";
  REQUIRE(error_of(d) == "scenario.type /workloads/streams/0/preemptible");
  d["workloads"]["streams"][0]["preemptible"] = true;
  REQUIRE(error_of(d) == "none");
}

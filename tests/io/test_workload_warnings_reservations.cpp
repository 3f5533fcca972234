// Plausibility warnings for reservations and issue 15's training-run keys
// (sim/io/workload_warnings.hpp; docs/scenarios.md, "Warnings"): each on a
// case just over its bound (warned, at its pointer) and one at the bound (not).
// The fleet: site a, 10 racks of 8 GPUs (80 GPUs), nodes of 8 GPUs.
#include <initializer_list>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/workload_warnings.hpp"
#include "jobs/jobs_fixtures.hpp"

using gwsim::detail::WorkloadWarning;
using nlohmann::json;

namespace {

std::vector<WorkloadWarning> warnings_of(const json& d) {
  return gwsim::detail::workload_warnings(gwsim::scenario_from_json(d, "t.json"));
}

// The findings with `code` (the others are not this test's business).
std::vector<WorkloadWarning> with_code(const json& d, const std::string& code) {
  std::vector<WorkloadWarning> out;
  for (const WorkloadWarning& w : warnings_of(d))
    if (w.code == code) out.push_back(w);
  return out;
}

json res(const char* name, const char* start, const char* end, json sites, json holder) {
  return {{"name", name}, {"start", start}, {"end", end}, {"sites", std::move(sites)}, {"for", std::move(holder)}};
}

json with_reservations(json reservations) {
  json d = gwsim::test::fleet(10, false);
  d["workloads"] = {{"policy", "fifo"},
                    {"training", {gwsim::test::training("T", "2026-02-01", 8, 24.0)}},
                    {"reservations", std::move(reservations)}};
  return d;
}

const json tenant = {{"tenant", "x"}};

// Adds sites named `names` like a, with no racks ordered.
void add_empty_sites(json& d, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    json b = d["sites"][0];
    b["name"] = name;
    d["sites"].push_back(b);
  }
}

}  // namespace

TEST_CASE("warning: a reservation larger than its site can ever hold", "[io][warnings][reservations]") {
  json d = with_reservations({res("big", "2026-01-01", "2026-02-01", {{"a", 81}}, tenant)});
  auto w = with_code(d, "plausibility.reservation_size");
  REQUIRE(w.size() == 1);
  CHECK(w[0].pointer == "/workloads/reservations/0/sites/a");
  CHECK(w[0].message.find("81") != std::string::npos);
  CHECK(with_code(d, "plausibility.reservation_overlap").empty());  // one reservation overlaps nothing
  d["workloads"]["reservations"][0]["sites"]["a"] = 80;
  CHECK(warnings_of(d).empty());
  // only 5 of the 10 racks have slots: 40 GPUs can ever be there
  d["sites"][0]["buildings"][0]["rack_slots"] = 5;
  d["workloads"]["reservations"][0]["sites"]["a"] = 41;
  CHECK(with_code(d, "plausibility.reservation_size").size() == 1);
  d["workloads"]["reservations"][0]["sites"]["a"] = 40;
  CHECK(with_code(d, "plausibility.reservation_size").empty());
}

TEST_CASE("warning: reservations active together hold more than the site", "[io][warnings][reservations]") {
  // 48 + 48 > 80 from Jan 15 to Feb 1: found when the second starts
  json d = with_reservations({res("r1", "2026-01-01", "2026-02-01", {{"a", 48}}, tenant),
                              res("r2", "2026-01-15", "2026-03-01", {{"a", 48}}, {{"tenant", "y"}})});
  auto w = with_code(d, "plausibility.reservation_overlap");
  REQUIRE(w.size() == 1);
  CHECK(w[0].pointer == "/workloads/reservations/1/sites/a");
  CHECK(w[0].message.find("96") != std::string::npos);
  // back to back (r2 from r1's end): never together
  d["workloads"]["reservations"][1]["start"] = "2026-02-01";
  CHECK(warnings_of(d).empty());
  // together but 48 + 32 = 80: fits
  d["workloads"]["reservations"][1]["start"] = "2026-01-15";
  d["workloads"]["reservations"][1]["sites"]["a"] = 32;
  CHECK(warnings_of(d).empty());
}

TEST_CASE("warning: shares of one cluster reserved together beyond its GPUs", "[io][warnings][reservations]") {
  json d = with_reservations(json::array());
  add_empty_sites(d, {"b"});
  d["workloads"]["clusters"] = {{{"name", "c"}, {"sites", {"a", "b"}}}};  // b holds nothing
  json s1 = {{"name", "s1"}, {"start", "2026-01-01"}, {"cluster", "c"}, {"share", 0.6}, {"for", tenant}};
  json s2 = s1;
  s2["name"] = "s2";
  s2["for"] = {{"tenant", "y"}};
  d["workloads"]["reservations"] = {s1, s2};
  auto w = with_code(d, "plausibility.reservation_overlap");
  REQUIRE(w.size() == 1);
  CHECK(w[0].pointer == "/workloads/reservations/0/share");  // both start on Jan 1: the first found
  d["workloads"]["reservations"][1]["share"] = 0.4;
  CHECK(warnings_of(d).empty());
}

TEST_CASE("warning: a training run's reservation that ends before the run is submitted",
          "[io][warnings][reservations]") {
  json d = with_reservations({res("early", "2026-01-01", "2026-02-01", {{"a", 8}}, {{"training", "T"}})});
  auto w = with_code(d, "plausibility.reservation_before_run");
  REQUIRE(w.size() == 1);  // ends Feb 1, T is submitted Feb 1
  CHECK(w[0].pointer == "/workloads/reservations/0/end");
  CHECK(w[0].message.find("\"T\"") != std::string::npos);
  d["workloads"]["reservations"][0]["end"] = "2026-02-02";
  CHECK(warnings_of(d).empty());
}

TEST_CASE("warning: a share of a cluster whose sites have no racks ordered", "[io][warnings][reservations]") {
  json d = with_reservations(json::array());
  add_empty_sites(d, {"b", "c"});
  d["workloads"]["clusters"] = {{{"name", "bc"}, {"sites", {"b", "c"}}}, {{"name", "ab"}, {"sites", {"a", "b"}}}};
  d["workloads"]["reservations"] = {
      {{"name", "s"}, {"start", "2026-01-01"}, {"cluster", "bc"}, {"share", 0.5}, {"for", tenant}}};
  auto w = with_code(d, "plausibility.reservation_empty_cluster");
  REQUIRE(w.size() == 1);
  CHECK(w[0].pointer == "/workloads/reservations/0/cluster");
  d["workloads"]["reservations"][0]["cluster"] = "ab";
  CHECK(warnings_of(d).empty());
}

TEST_CASE("warning: standby nodes, swaps and elastic floors that cannot help", "[io][warnings][standby]") {
  json d = gwsim::test::fleet(10, false);
  json t = gwsim::test::training("T", "2026-01-02", 16, 24.0);  // 2 nodes; restarts of 0.1 h = 6 min
  t["standby_nodes"] = 3;
  t["swap_minutes"] = 6.5;
  t["elastic"] = {{"min_fraction", 0.2}};
  d["workloads"] = {{"policy", "fifo"}, {"training", {t}}};
  const auto w = warnings_of(d);
  REQUIRE(w.size() == 3);
  CHECK(w[0].code == "plausibility.standby_nodes");
  CHECK(w[0].pointer == "/workloads/training/0/standby_nodes");
  CHECK(w[1].code == "plausibility.swap_minutes");
  CHECK(w[1].pointer == "/workloads/training/0/swap_minutes");
  CHECK(w[2].code == "plausibility.elastic_min_fraction");
  CHECK(w[2].pointer == "/workloads/training/0/elastic/min_fraction");
  // at the bounds: as many standbys as nodes, a swap as long as a restart, a quarter of the GPUs
  d["workloads"]["training"][0]["standby_nodes"] = 2;
  d["workloads"]["training"][0]["swap_minutes"] = 6.0;
  d["workloads"]["training"][0]["elastic"]["min_fraction"] = 0.25;
  CHECK(warnings_of(d).empty());
}

TEST_CASE("warning: preemptible where nothing takes GPUs back", "[io][warnings][reservations]") {
  json d = gwsim::test::fleet(10, false);
  const json stream = {{"name", "spot"},
                       {"start", "2026-01-01"},
                       {"end", "2026-01-02"},
                       {"arrivals_per_hour", 1},
                       {"gpus", {{"dist", "fixed"}, {"value", 8}}},
                       {"duration_hours", {{"dist", "fixed"}, {"value", 1}}},
                       {"preemptible", true}};
  d["workloads"] = {{"policy", "fifo"}, {"streams", {stream}}};
  auto w = warnings_of(d);
  REQUIRE(w.size() == 1);
  CHECK(w[0].code == "plausibility.preemptible");
  CHECK(w[0].pointer == "/workloads/streams/0/preemptible");
  // a reservation anywhere gives it a meaning
  d["workloads"]["reservations"] = {res("r", "2026-01-01", "2026-02-01", {{"a", 8}}, tenant)};
  CHECK(warnings_of(d).empty());
  // so does inference that preempts
  d["workloads"].erase("reservations");
  d["workloads"]["inference"] = {
      {"name", "chat"}, {"preempt", true}, {"demand", {{{"date", "2026-02-01"}, {"gpus", 8}}}}};
  CHECK(warnings_of(d).empty());
  d["workloads"]["inference"]["preempt"] = false;
  CHECK(warnings_of(d).size() == 1);
}

// Reservations, preemptible jobs and inference placement (sim/jobs/reservations.hpp,
// inference.hpp; docs/jobs.md, "Reservations" and "Inference"), through the job system.

#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;
using gwsim::JobRow;
using gwsim::JobSource;

namespace {

// Sites "a" and "b" with `racks_a` and `racks_b` racks of 8 GPUs, up within seconds of the start.
json two_sites(int racks_a, int racks_b) {
  json d = fleet(racks_a, false);
  json b = d["sites"][0];
  b["name"] = "b";
  d["sites"].push_back(b);
  json o = d["orders"][0];
  o["site"] = "b";
  o["deliveries"][0]["racks"] = racks_b;
  d["orders"].push_back(o);
  return d;
}

// A stream of one job of `gpus` GPUs for `hours`, arriving within minutes of `start`.
json one_job(const char* name, const char* start, int gpus, double hours, bool preemptible) {
  return {{"name", name},
          {"start", start},
          {"end", "2026-03-30"},
          {"arrivals_per_hour", 1000},
          {"max_jobs", 1},
          {"gpus", {{"dist", "fixed"}, {"value", gpus}}},
          {"duration_hours", {{"dist", "fixed"}, {"value", hours}}},
          {"preemptible", preemptible}};
}

json reservation(const char* name, const char* start, json sites, json holder) {
  return {{"name", name}, {"start", start}, {"sites", std::move(sites)}, {"for", std::move(holder)}};
}

double day_of(gwsim::Tick t) { return gwsim::to_hours(t) / 24.0; }

}  // namespace

TEST_CASE("rule: a reserved run starts on its date though a job blocks the queue; others never take its GPUs",
          "[jobs][reservations][rule]") {
  // 80 GPUs; 48 reserved for T from Jan 2 to Mar 1. U (40 GPUs, FIFO head from
  // Jan 3) sees 80 - 48 = 32 GPUs and waits; T (48 GPUs, 10 days) is submitted
  // Jan 20 behind U and starts at once; U starts when the reservation ends.
  json d = fleet(10, false);
  json u = training("U", "2026-01-03", 40, 24.0 * 5);
  json t = training("T", "2026-01-20", 48, 24.0 * 10);
  json r = reservation("for-T", "2026-01-02", {{"a", 48}}, {{"training", "T"}});
  r["end"] = "2026-03-01";
  d["workloads"] = {{"policy", "fifo"}, {"training", {u, t}}, {"reservations", {r}}};
  const Out o = run(d);
  REQUIRE(day_of(o.jobs[1].first_start) == Approx(19.0));
  REQUIRE(day_of(o.jobs[1].end) == Approx(29.0));
  REQUIRE(day_of(o.jobs[0].first_start) == Approx(59.0));  // Mar 1
  REQUIRE(o.jobs[0].completed);

  // without the reservation U starts on Jan 3 and T waits for it
  d["workloads"].erase("reservations");
  const Out free = run(d);
  REQUIRE(day_of(free.jobs[0].first_start) == Approx(2.0));
  REQUIRE(day_of(free.jobs[1].first_start) == Approx(19.0));
  REQUIRE(free.jobs[1].first_start >= free.jobs[0].first_start);
}

TEST_CASE("rule: a preemptible job on reserved GPUs yields them to the holder and resumes elsewhere",
          "[jobs][reservations][rule]") {
  // a and b have 80 GPUs each; all of a is reserved for T (80 GPUs, pinned to
  // a, submitted Jan 5). A preemptible 80-GPU job arriving on Jan 2 may use a
  // (the lowest-numbered of two equally free sites); T interrupts it on Jan 5
  // and it restarts on b at once.
  json d = two_sites(10, 10);
  json t = training("T", "2026-01-05", 80, 24.0 * 10);
  t["site"] = "a";
  d["workloads"] = {{"policy", "fifo"},
                    {"training", {t}},
                    {"streams", {one_job("batch", "2026-01-02", 80, 24.0 * 20, true)}},
                    {"reservations", {reservation("for-T", "2026-01-01", {{"a", 80}}, {{"training", "T"}})}}};
  const Out o = run(d);
  const JobRow& batch = o.jobs[1].kind == JobSource::stream ? o.jobs[1] : o.jobs[0];
  const JobRow& run_t = o.jobs[1].kind == JobSource::training ? o.jobs[1] : o.jobs[0];
  REQUIRE(day_of(run_t.first_start) == Approx(4.0));
  REQUIRE(run_t.interruptions == 0);
  REQUIRE(batch.interruptions == 1);
  REQUIRE(batch.site == 1);
  REQUIRE(o.summary.preemptible_preemptions == 1);

  // not preemptible: it never touches a, and goes to b from the start
  d["workloads"]["streams"][0]["preemptible"] = false;
  const Out np = run(d);
  const JobRow& b2 = np.jobs[1].kind == JobSource::stream ? np.jobs[1] : np.jobs[0];
  REQUIRE(b2.interruptions == 0);
  REQUIRE(b2.site == 1);
  REQUIRE(np.summary.preemptible_preemptions == 0);
}

TEST_CASE("rule: inference stays at its pinned sites and under each site's cap", "[jobs][inference][rule]") {
  // a and b have 80 GPUs each; a demand of 120 GPUs from Jan 2 to the end (Mar 31).
  json d = two_sites(10, 10);
  json inf = {{"name", "chat"}, {"preempt", false}, {"demand", {{{"date", "2026-01-02"}, {"gpus", 120}}}}};
  inf["sites"] = {"b"};
  d["workloads"] = {{"policy", "fifo"}, {"inference", inf}};
  const double hours = 24.0 * 89;  // Jan 2 to the end of Mar 31
  const Out pinned = run(d);
  REQUIRE(pinned.summary.inference_served_gpu_hours == Approx(80 * hours));  // all of b, none of a

  inf.erase("sites");
  inf["max_gpus_per_site"] = {{"a", 30}};
  d["workloads"]["inference"] = inf;
  const Out capped = run(d);
  REQUIRE(capped.summary.inference_served_gpu_hours == Approx(110 * hours));  // 30 at a, 80 at b
}

TEST_CASE("rule: inference preemption of a run holding a reservation is refused", "[jobs][inference][rule]") {
  // 80 GPUs; T (64 GPUs) holds a reservation of 64 and runs from Jan 2; inference
  // (preempt) wants 80 from Jan 10: it gets the 16 free GPUs, never T's.
  json d = fleet(10, false);
  d["workloads"] = {
      {"policy", "fifo"},
      {"training", {training("T", "2026-01-02", 64, 24.0 * 30)}},
      {"inference", {{"name", "chat"}, {"preempt", true}, {"demand", {{{"date", "2026-01-10"}, {"gpus", 80}}}}}},
      {"reservations", {reservation("for-T", "2026-01-01", {{"a", 64}}, {{"training", "T"}})}}};
  const Out o = run(d);
  REQUIRE(o.jobs[0].interruptions == 0);
  REQUIRE(o.summary.preemptions == 0);
  REQUIRE(o.summary.refused_preemptions >= 1);
  REQUIRE(day_of(o.jobs[0].end) == Approx(31.0));

  // without the reservation the run is preempted
  d["workloads"].erase("reservations");
  const Out free = run(d);
  REQUIRE(free.jobs[0].interruptions >= 1);
  REQUIRE(free.summary.preemptions >= 1);
}

TEST_CASE("rule: a preempted run on a cluster resumes at another site of its cluster", "[jobs][cluster][rule]") {
  // a and b (80 GPUs each) form a cluster; T (80 GPUs) starts on a on Jan 2;
  // inference pinned to a takes all of a on Jan 10: T resumes on b at once.
  json d = two_sites(10, 10);
  json t = training("T", "2026-01-02", 80, 24.0 * 30);
  t["cluster"] = "ab";
  json inf = {{"name", "chat"}, {"preempt", true}, {"demand", {{{"date", "2026-01-10"}, {"gpus", 80}}}}};
  inf["sites"] = {"a"};
  d["workloads"] = {{"policy", "fifo"},
                    {"clusters", {{{"name", "ab"}, {"sites", {"a", "b"}}}}},
                    {"training", {t}},
                    {"inference", inf}};
  const Out o = run(d);
  REQUIRE(o.jobs[0].interruptions == 1);
  REQUIRE(o.jobs[0].site == 1);
  REQUIRE(o.jobs[0].completed);
  // it lost at most a checkpoint interval and a restart
  REQUIRE(day_of(o.jobs[0].end) <= 1.0 + 30.0 + (0.5 + 0.1) / 24.0 + 1e-9);
}

TEST_CASE("property: a small capacity change at an unrelated site does not move a reserved run's end",
          "[jobs][reservations][property]") {
  // a (80 GPUs) holds a reservation of all its GPUs for T (80 GPUs, no site);
  // random streams (one preemptible) fill both sites. One rack more at b must
  // not move T's end, for any seed.
  auto scenario = [](int racks_b) {
    json d = two_sites(10, racks_b);
    json batch = one_job("batch", "2026-01-01", 8, 24.0, false);
    batch.erase("max_jobs");
    batch["arrivals_per_hour"] = 0.5;
    batch["gpus"] = {{"dist", "uniform"}, {"min", 1}, {"max", 40}};
    batch["duration_hours"] = {{"dist", "exponential"}, {"mean", 30}};
    json spot = batch;
    spot["name"] = "spot";
    spot["preemptible"] = true;
    d["workloads"] = {{"policy", "easy_backfill"},
                      {"training", {training("T", "2026-01-15", 80, 24.0 * 20)}},
                      {"streams", {batch, spot}},
                      {"reservations", {reservation("for-T", "2026-01-10", {{"a", 80}}, {{"training", "T"}})}}};
    return d;
  };
  auto run_t = [](const Out& o) {
    JobRow t;
    for (const JobRow& j : o.jobs)
      if (j.kind == JobSource::training) t = j;
    return t;
  };
  int moved_without = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const JobRow base = run_t(run(scenario(20), seed));
    const JobRow more = run_t(run(scenario(21), seed));
    REQUIRE(base.completed);
    REQUIRE(base.end == more.end);
    REQUIRE(day_of(base.first_start) == Approx(14.0));
    json d20 = scenario(20), d21 = scenario(21);
    d20["workloads"].erase("reservations");
    d21["workloads"].erase("reservations");
    if (run_t(run(d20, seed)).end != run_t(run(d21, seed)).end) ++moved_without;
  }
  REQUIRE(moved_without > 0);  // the property is not trivial: without the reservation, the end moves
}

TEST_CASE("rule: a share of a cluster is reserved at each of its sites by the GPUs up there",
          "[jobs][reservations][rule]") {
  // a and b (80 GPUs each) form a cluster; half of it is reserved for tenant
  // "batch" until Feb 1: 40 GPUs at each site. Another tenant's 48-GPU job
  // (Jan 2) sees 80 - 40 = 40 at either site and waits for Feb 1; a 40-GPU one
  // starts at once.
  json d = two_sites(10, 10);
  json r = {{"name", "half"},  {"start", "2026-01-01"}, {"end", "2026-02-01"},
            {"cluster", "ab"}, {"share", 0.5},          {"for", {{"tenant", "batch"}}}};
  d["workloads"] = {{"policy", "fifo"},
                    {"clusters", {{{"name", "ab"}, {"sites", {"a", "b"}}}}},
                    {"streams", {one_job("other", "2026-01-02", 48, 24.0, false)}},
                    {"reservations", {r}}};
  const Out o = run(d);
  REQUIRE(day_of(o.jobs[0].first_start) == Approx(31.0));
  d["workloads"]["streams"][0]["gpus"]["value"] = 40;
  const Out fits = run(d);
  REQUIRE(day_of(fits.jobs[0].first_start) < 1.1);  // within minutes of Jan 2
}

TEST_CASE("rule: inference holding a reservation takes its GPUs back from preemptible jobs, even without preempt",
          "[jobs][reservations][inference][rule]") {
  // 80 GPUs at a, 32 reserved for inference; a preemptible 80-GPU job runs on
  // all of them from Jan 2; inference (preempt false) needs 32 from Feb 1: the
  // job is interrupted and cannot fit again (48 left); inference is fully served.
  json d = fleet(10, false);
  d["workloads"] = {
      {"policy", "fifo"},
      {"streams", {one_job("spot", "2026-01-02", 80, 24.0 * 100, true)}},
      {"inference", {{"name", "chat"}, {"preempt", false}, {"demand", {{{"date", "2026-02-01"}, {"gpus", 32}}}}}},
      {"reservations", {reservation("serve", "2026-01-01", {{"a", 32}}, {{"inference", true}})}}};
  const Out o = run(d);
  REQUIRE(o.jobs[0].interruptions == 1);
  REQUIRE(o.summary.preemptible_preemptions == 1);
  REQUIRE(o.summary.preemptions == 1);
  REQUIRE(o.summary.inference_served_gpu_hours == Approx(32 * 24.0 * 59));  // Feb 1 to the end of Mar 31
  // not preemptible: it never takes the 32 reserved GPUs, so it never starts
  d["workloads"]["streams"][0]["preemptible"] = false;
  const Out np = run(d);
  REQUIRE(np.jobs[0].first_start < 0);
  REQUIRE(np.summary.preemptible_preemptions == 0);
}

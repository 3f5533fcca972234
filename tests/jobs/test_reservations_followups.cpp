// Reservations, issue 15's follow-ups (docs/jobs.md, "Reservations"): jobs
// running when a reservation starts, EASY's shadow time under reservations,
// and tenants' jobs on their idle reserved GPUs -- through the job system, on
// one site of 80 GPUs (10 racks of 8), no failures.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;

namespace {

// A stream of one job of `gpus` GPUs for `hours`, arriving within seconds of
// `start`, of `tenant` ("" for none).
json one_job(const char* name, const char* start, int gpus, double hours, const char* tenant = "") {
  json j = {{"name", name},
            {"start", start},
            {"end", "2026-03-30"},
            {"arrivals_per_hour", 1000},
            {"max_jobs", 1},
            {"gpus", {{"dist", "fixed"}, {"value", gpus}}},
            {"duration_hours", {{"dist", "fixed"}, {"value", hours}}}};
  if (*tenant != 0) j["tenant"] = tenant;
  return j;
}

// `gpus` GPUs at site a for tenant x from `start` (to `end`, if given).
json for_x(const char* start, int gpus, const char* end = nullptr) {
  json r = {{"name", "x-res"}, {"start", start}, {"sites", {{"a", gpus}}}, {"for", {{"tenant", "x"}}}};
  if (end != nullptr) r["end"] = end;
  return r;
}

double day_of(gwsim::Tick t) { return gwsim::to_hours(t) / 24.0; }

}  // namespace

TEST_CASE("rule: a holder's jobs running when its reservation starts count toward it", "[jobs][reservations][rule]") {
  // J (tenant x, 40 GPUs) runs from Jan 2 for 100 days; x's reservation of 40
  // starts Jan 10 under it. J is credited to it, so nothing reserved is idle and
  // O (another's 40 GPUs, Jan 11) takes the other 40 at once. Without the credit
  // O would see 40 free - 40 idle reserved = 0 and never start.
  json d = fleet(10, false);
  d["workloads"] = {
      {"policy", "fifo"},
      {"streams", {one_job("J", "2026-01-02", 40, 24.0 * 100, "x"), one_job("O", "2026-01-11", 40, 24.0, "o")}},
      {"reservations", {for_x("2026-01-10", 40)}}};
  const Out o = run(d);
  REQUIRE(o.jobs.size() == 2);
  REQUIRE(day_of(o.jobs[0].first_start) == Approx(1.0).margin(0.01));
  REQUIRE(day_of(o.jobs[1].first_start) == Approx(10.0).margin(0.01));
  REQUIRE(o.jobs[1].completed);
}

TEST_CASE("rule: a credit at the start is capped by what the reservation holds there", "[jobs][reservations][rule]") {
  // J (tenant x, 60 GPUs) runs under x's reservation of 40 that starts Jan 10:
  // 40 of its GPUs are credited, 20 count as unreserved. O (24 GPUs) sees
  // 80 - 60 = 20 free and waits for J; O of 20 starts at once.
  json d = fleet(10, false);
  d["workloads"] = {
      {"policy", "fifo"},
      {"streams", {one_job("J", "2026-01-02", 60, 24.0 * 100, "x"), one_job("O", "2026-01-11", 20, 24.0, "o")}},
      {"reservations", {for_x("2026-01-10", 40)}}};
  REQUIRE(day_of(run(d).jobs[1].first_start) == Approx(10.0).margin(0.01));
  d["workloads"]["streams"][1]["gpus"]["value"] = 24;
  REQUIRE(run(d).jobs[1].first_start < 0);  // J ends after the horizon
}

TEST_CASE("rule: others' jobs running when a reservation starts keep their GPUs; it fills as they free",
          "[jobs][reservations][rule]") {
  // N (no tenant, 80 GPUs, 10 days from Jan 2) holds the whole site when x's
  // reservation of 40 starts on Jan 5: N is not interrupted and ends on Jan 12.
  // Then x's job X (40 GPUs, queued Jan 6) and M (another's 40, Jan 7) both start:
  // X on the reserved 40, M on the other 40.
  json d = fleet(10, false);
  d["workloads"] = {{"policy", "fifo"},
                    {"streams",
                     {one_job("N", "2026-01-02", 80, 24.0 * 10), one_job("X", "2026-01-06", 40, 24.0, "x"),
                      one_job("M", "2026-01-07", 40, 24.0, "m")}},
                    {"reservations", {for_x("2026-01-05", 40)}}};
  const Out o = run(d);
  REQUIRE(o.jobs[0].interruptions == 0);
  REQUIRE(day_of(o.jobs[0].end) == Approx(11.0).margin(0.01));
  REQUIRE(day_of(o.jobs[1].first_start) == Approx(11.0).margin(0.01));
  REQUIRE(day_of(o.jobs[2].first_start) == Approx(11.0).margin(0.01));
}

TEST_CASE("rule: EASY's shadow time counts only the GPUs the head may take under reservations",
          "[jobs][reservations][backfill][rule]") {
  // 40 of the 80 GPUs are reserved for tenant x (no job of x comes). J (20
  // GPUs) runs Jan 2 - Jan 6. H (40, Jan 3) may take 80 - 20 - 40 = 20 now: it
  // is the blocked head, and may start when J ends (then 40 free to it), with
  // no GPU to spare. B (20 GPUs, 10 days, Jan 4) fits now but would still run
  // then: it is not backfilled, and H starts on Jan 6. Counting raw free GPUs
  // (80 at J's end, 40 to spare) would backfill B and hold H to Jan 14.
  json d = fleet(10, false);
  d["workloads"] = {{"policy", "easy_backfill"},
                    {"streams",
                     {one_job("J", "2026-01-02", 20, 24.0 * 4), one_job("H", "2026-01-03", 40, 24.0),
                      one_job("B", "2026-01-04", 20, 24.0 * 10)}},
                    {"reservations", {for_x("2026-01-01", 40)}}};
  const Out o = run(d);
  REQUIRE(day_of(o.jobs[1].first_start) == Approx(5.0).margin(0.01));
  REQUIRE(day_of(o.jobs[2].first_start) >= day_of(o.jobs[1].first_start));
  // a short B (ends before the shadow) is backfilled at once, and H still starts on Jan 6
  d["workloads"]["streams"][2]["duration_hours"]["value"] = 24.0;
  const Out short_b = run(d);
  REQUIRE(day_of(short_b.jobs[2].first_start) == Approx(3.0).margin(0.01));
  REQUIRE(day_of(short_b.jobs[1].first_start) == Approx(5.0).margin(0.01));
}

TEST_CASE("rule: a tenant's job starts at once on its idle reserved GPUs, behind a blocked head",
          "[jobs][reservations][tenant][rule]") {
  // x holds 40 of the 80 GPUs until Feb 15. J (40, no tenant) runs Jan 2 - Feb 1.
  // H (60, Jan 3) is the FIFO head: it may take 40 free - 40 reserved = 0 now
  // and 40 after J; it starts on Feb 15. X (tenant x, 40 GPUs, 1 day, Jan 4)
  // fits in x's idle reserved GPUs: it starts on Jan 4, and H's start does not move.
  json d = fleet(10, false);
  d["workloads"] = {{"policy", "fifo"},
                    {"streams",
                     {one_job("J", "2026-01-02", 40, 24.0 * 30), one_job("H", "2026-01-03", 60, 24.0),
                      one_job("X", "2026-01-04", 40, 24.0, "x")}},
                    {"reservations", {for_x("2026-01-01", 40, "2026-02-15")}}};
  const Out o = run(d);
  REQUIRE(day_of(o.jobs[2].first_start) == Approx(3.0).margin(0.01));
  REQUIRE(day_of(o.jobs[1].first_start) == Approx(45.0).margin(0.01));
  // X of 48 GPUs does not fit in x's 40 reserved: it keeps its place behind H
  d["workloads"]["streams"][2]["gpus"]["value"] = 48;
  const Out big = run(d);
  REQUIRE(day_of(big.jobs[1].first_start) == Approx(45.0).margin(0.01));
  REQUIRE(big.jobs[2].first_start >= big.jobs[1].end);
  // another tenant's X waits behind H too
  d["workloads"]["streams"][2]["gpus"]["value"] = 40;
  d["workloads"]["streams"][2]["tenant"] = "y";
  const Out other = run(d);
  REQUIRE(other.jobs[2].first_start >= other.jobs[1].first_start);
}

TEST_CASE("rule: a tenant's jobs jump in queue order; the first that does not fit ends the pass",
          "[jobs][reservations][tenant][rule]") {
  // as above, x holds 40 idle GPUs behind the blocked head H; x's jobs X1 (32),
  // X2 (16), X3 (8) queue in that order: X1 starts at once, X2 does not fit in
  // the 8 left and stops the pass, so X3 (which would fit) waits too.
  json d = fleet(10, false);
  d["workloads"] = {{"policy", "fifo"},
                    {"streams",
                     {one_job("J", "2026-01-02", 40, 24.0 * 30), one_job("H", "2026-01-03", 60, 24.0),
                      one_job("X1", "2026-01-04", 32, 24.0 * 5, "x"), one_job("X2", "2026-01-05", 16, 24.0, "x"),
                      one_job("X3", "2026-01-06", 8, 24.0, "x")}},
                    {"reservations", {for_x("2026-01-01", 40, "2026-02-15")}}};
  const Out o = run(d);
  REQUIRE(day_of(o.jobs[2].first_start) == Approx(3.0).margin(0.01));
  // X1 ends Jan 9: X2 (16) and then X3 (8) fit in the 40 reserved
  REQUIRE(day_of(o.jobs[3].first_start) == Approx(8.0).margin(0.01));
  REQUIRE(day_of(o.jobs[4].first_start) == Approx(8.0).margin(0.01));
}

TEST_CASE("rule: a training run running when its reservation starts counts toward it", "[jobs][reservations][rule]") {
  // T (48 GPUs, 60 days) starts Jan 2 on a free site; its reservation of 48
  // starts Jan 10 under it. O (another's 32 GPUs, Jan 11) takes the other 32 at
  // once; without the credit it would see 32 free - 48 idle reserved = 0 and wait for T.
  json d = fleet(10, false);
  json r = {{"name", "for-T"}, {"start", "2026-01-10"}, {"sites", {{"a", 48}}}, {"for", {{"training", "T"}}}};
  d["workloads"] = {{"policy", "fifo"},
                    {"training", {training("T", "2026-01-02", 48, 24.0 * 60)}},
                    {"streams", {one_job("O", "2026-01-11", 32, 24.0, "o")}},
                    {"reservations", {r}}};
  const Out o = run(d);
  REQUIRE(o.jobs.size() == 2);
  const gwsim::JobRow& t = o.jobs[0].kind == gwsim::JobSource::training ? o.jobs[0] : o.jobs[1];
  const gwsim::JobRow& other = o.jobs[0].kind == gwsim::JobSource::training ? o.jobs[1] : o.jobs[0];
  REQUIRE(day_of(t.first_start) == Approx(1.0).margin(0.01));
  REQUIRE(t.interruptions == 0);
  REQUIRE(day_of(other.first_start) == Approx(10.0).margin(0.01));
}

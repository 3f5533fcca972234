// Queue policies (sim/jobs/policy.hpp) through the job system.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.hpp"
#include "jobs/policy.hpp"

using nlohmann::json;
using namespace gwsim::test;

TEST_CASE("priority: a later, higher-priority job goes first", "[jobs]") {
  json d = fleet(1, false);
  d["workloads"] = {{"policy", "priority"},
                    {"training",
                     {training("A", "2026-01-02", 8, 2.0), training("low", "2026-01-02", 8, 1.0, 0),
                      training("high", "2026-01-02", 8, 1.0, 5)}}};
  const Out o = run(d);
  REQUIRE(wait_hours(o.jobs[2]) == Approx(2.0));  // high runs right after A
  REQUIRE(wait_hours(o.jobs[1]) == Approx(3.0));
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

// --- the documented rules, on the policy itself (docs/jobs.md, "Policies") --------------------

namespace {

std::unique_ptr<gwsim::QueuePolicy> policy(gwsim::Policy p, double half_life_days = 7.0) {
  gwsim::Workloads w;
  w.policy = p;
  w.fair_share_half_life_days = half_life_days;
  return gwsim::make_policy(w);
}

}  // namespace

TEST_CASE("rule: fair-share usage halves every half-life (docs/jobs.md, fair_share)", "[jobs][fair_share][rule]") {
  using gwsim::days;
  using gwsim::hours;
  // 7-day half-life: 4096 GPU-hours used at day 10 weigh 2048 at day 17, 1024 at day 24, 256 at day 38.
  auto p = policy(gwsim::Policy::fair_share, 7.0);
  REQUIRE(p->rank(0, 0, false, days(10)) == 0);  // no usage yet
  p->used(0, 4096.0, days(10));
  REQUIRE(p->rank(0, 0, false, days(10)) == 4096);
  REQUIRE(p->rank(0, 0, false, days(17)) == 2048);
  REQUIRE(p->rank(0, 0, false, days(24)) == 1024);
  REQUIRE(p->rank(0, 0, false, days(38)) == 256);
  // Half a half-life: a factor 1/sqrt(2) (4096 / 1.41421 = 2896.3).
  REQUIRE(p->rank(0, 0, false, days(10) + hours(84)) == 2896);
  // New usage adds to the decayed old usage: 2048 + 1000 at day 17, halved by day 24.
  p->used(0, 1000.0, days(17));
  REQUIRE(p->rank(0, 0, false, days(17)) == 3048);
  REQUIRE(p->rank(0, 0, false, days(24)) == 1524);
  // Tenants are separate: another tenant's usage is its own, and a tenant never seen has none
  // (tenant 3's usage makes room for tenants 1 and 2: they start at 0, not at what was there).
  p->used(3, 100.0, days(24));
  REQUIRE(p->rank(0, 3, false, days(24)) == 100);
  REQUIRE(p->rank(0, 1, false, days(24)) == 0);
  REQUIRE(p->rank(0, 2, false, days(24)) == 0);
  REQUIRE(p->rank(0, 7, false, days(24)) == 0);
  auto fresh = policy(gwsim::Policy::fair_share, 7.0);
  fresh->used(5, 10.0, 0);
  REQUIRE(fresh->rank(0, 4, false, 0) == 0);  // made room for, at the same instant: still no usage
  REQUIRE(p->rank(0, 0, false, days(24)) == 1524);
  // The half-life is read in days: with 1 day, 4096 halves each day.
  auto q = policy(gwsim::Policy::fair_share, 1.0);
  q->used(0, 4096.0, days(0));
  REQUIRE(q->rank(0, 0, false, days(2)) == 1024);
}

TEST_CASE("rule: lightest tenant first, an interrupted job before all (docs/jobs.md, fair_share)",
          "[jobs][fair_share][rule]") {
  auto p = policy(gwsim::Policy::fair_share);
  p->used(0, 500.0, 0);
  p->used(1, 20.0, 0);
  REQUIRE(p->rank(0, 1, false, 0) < p->rank(0, 0, false, 0));  // the light tenant ranks first
  REQUIRE(p->rank(0, 0, true, 0) < p->rank(0, 1, false, 0));   // interrupted: the front
  REQUIRE(p->rank(0, 0, true, 0) < p->rank(0, 2, false, 0));   // even before a tenant with no usage
  REQUIRE_FALSE(p->backfills());                               // the head blocks as in fifo
}

TEST_CASE("rule: an interrupted job goes to the front of its priority class (docs/jobs.md)", "[jobs][rule]") {
  for (const auto kind : {gwsim::Policy::priority, gwsim::Policy::easy_backfill}) {
    auto p = policy(kind);
    // Lower rank runs first. Within priority 1: interrupted before not interrupted.
    REQUIRE(p->rank(1, 0, true, 0) < p->rank(1, 0, false, 0));
    // ... but not before a higher priority class, interrupted or not.
    REQUIRE(p->rank(2, 0, false, 0) < p->rank(1, 0, true, 0));
    REQUIRE(p->rank(2, 0, true, 0) < p->rank(2, 0, false, 0));
    // ... and behind it nothing of a lower class, even interrupted.
    REQUIRE(p->rank(1, 0, false, 0) < p->rank(0, 0, true, 0));
    REQUIRE(p->rank(0, 0, false, 0) < p->rank(-1, 0, true, 0));
    // Usage plays no part.
    p->used(0, 1e6, 0);
    REQUIRE(p->rank(1, 0, false, 0) == p->rank(1, 1, false, 0));
    REQUIRE(p->backfills() == (kind == gwsim::Policy::easy_backfill));
  }
  auto fifo = policy(gwsim::Policy::fifo);
  REQUIRE(fifo->rank(0, 0, true, 0) < fifo->rank(0, 0, false, 0));
  REQUIRE(fifo->rank(9, 0, false, 0) == fifo->rank(0, 0, false, 0));  // fifo ignores priority
  REQUIRE_FALSE(fifo->backfills());
}

TEST_CASE("rule: a tenant's usage starts from none: its first GPU-hours weigh what they are (docs/jobs.md, fair_share)",
          "[jobs][fair_share][rule]") {
  // At t = 0 nothing has decayed: tenant 2 uses 100 GPU-hours and weighs 100;
  // tenants 0 and 1, never seen, weigh 0 (they tie with one that used nothing).
  auto p = policy(gwsim::Policy::fair_share);
  p->used(2, 100.0, 0);
  REQUIRE(p->rank(0, 2, false, 0) == 100);
  REQUIRE(p->rank(0, 0, false, 0) == 0);
  REQUIRE(p->rank(0, 1, false, 0) == 0);
  // Tenant 0 then uses 30 at t = 0: 0 + 30.
  p->used(0, 30.0, 0);
  REQUIRE(p->rank(0, 0, false, 0) == 30);
  // Whatever the half-life: with 1e-15 days (8.6e-11 s, less than a 1 us tick)
  // a tenant never seen still weighs 0 (0 GPU-hours, decayed or not).
  auto q = policy(gwsim::Policy::fair_share, 1e-15);
  q->used(1, 5.0, 0);
  REQUIRE(q->rank(0, 0, false, 0) == 0);
  REQUIRE(q->rank(0, 1, false, 0) == 5);
  q->used(0, 7.0, 0);
  REQUIRE(q->rank(0, 0, false, 0) == 7);
}

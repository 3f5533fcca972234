// EASY backfilling (sim/jobs/backfill.hpp).

#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/backfill.hpp"
#include "jobs/jobs_fixtures.hpp"

using nlohmann::json;
using namespace gwsim::test;
using namespace gwsim::detail;

namespace {

gwsim::Workloads easy() {
  gwsim::Workloads w;
  w.policy = gwsim::Policy::easy_backfill;
  return w;
}

struct Queued {
  int gpus;
  double hours;
  int cluster = -1;
};

// GPU sites of the given sizes (site i is rack i), one running job (id 99) holding
// `held` GPUs of site 0 until 2 h, and the jobs queued under EASY, in order.
struct Easy final : JobControl {
  Easy(const std::vector<std::int64_t>& sizes, std::int64_t held_gpus, const std::vector<Queued>& queued)
      : sites(sizes.size(), {2.0}) {
    for (std::uint32_t i = 0; i < sizes.size(); ++i) sites.bring_up(i, 0, i, sizes[i]);
    sites.hold(0, 99, held_gpus, gwsim::hours(2), held);
    clusters.push_back({"c", {0, 1}});
    for (const Queued& q : queued) add(q);
  }
  // Queues one more job, behind the others; returns its id.
  std::uint64_t add(const Queued& q) {
    NewJob j;
    j.tenant_name = &tenant;
    j.units = q.gpus;
    j.work_hours = q.hours;
    j.cluster = q.cluster;
    const auto id = table.add(j, 0);
    table.run(id).queue_pos = queue.push(id, 0, 0, false, 0, q.gpus);
    return id;
  }
  void start(std::uint64_t id) override {
    started.push_back(id);
    queue.erase(table.run(id).queue_pos, table.row(id).gpus);
    for (const PlanPart& p : placement.plan())
      sites.hold(p.site, id, p.units, gwsim::ticks_from_hours(table.run(id).hours_to_end()), held);
  }
  void interrupt(std::uint64_t) override { FAIL("backfilling interrupts nothing"); }
  void pass() { backfill.pass(0, queue, table, placement, *this); }

  std::string tenant = "t";
  GpuSites sites;
  std::vector<gwsim::detail::GpuSeg> held;
  VcpuPool pool;
  std::vector<gwsim::Cluster> clusters;
  JobTable table;
  JobQueue queue{gwsim::make_policy(easy())};
  Placement placement{sites, pool, clusters};
  Backfill backfill{sites, pool, clusters, 10};
  std::vector<std::uint64_t> started;
};

// Sites of 8 and 6 GPUs; a running job holds 4 GPUs of site 0 until 2 h.
// Queued (EASY): H (8 GPUs, 1 h), then L (4 GPUs, 3 h), then S (4 GPUs, 1 h).
Easy fixture() { return Easy({8, 6}, 4, {{8, 1.0}, {4, 3.0}, {4, 1.0}}); }

}  // namespace

TEST_CASE("EASY: the reservation, and who may start before it", "[jobs][backfill]") {
  Easy f = fixture();
  f.backfill.pass(0, f.queue, f.table, f.placement, f);
  // H fits only at site 0, when the running job ends at 2 h, with no GPU to spare
  REQUIRE(f.backfill.reserved_at() == gwsim::hours(2));
  REQUIRE(f.backfill.extra_units() == 0);
  // L (3 h) goes to site 1 (6 free), outside the reservation; S (1 h) then goes
  // to site 0 (4 free against 2) and ends before the reservation
  REQUIRE(f.started == std::vector<std::uint64_t>{1, 2});
  REQUIRE(f.sites[1].busy == 4);
  REQUIRE(f.sites[0].busy == 8);
}

TEST_CASE("EASY: a long job that would take the head's GPUs waits", "[jobs][backfill]") {
  Easy f = fixture();
  f.sites.change_inference(1, 4);  // site 1: 2 free; L would have to use site 0
  f.backfill.pass(0, f.queue, f.table, f.placement, f);
  REQUIRE(f.started == std::vector<std::uint64_t>{2});  // S only
  // with a depth of 1 only L is examined, and nothing starts
  Easy g = fixture();
  g.sites.change_inference(1, 4);
  Backfill shallow(g.sites, g.pool, g.clusters, 1);
  shallow.pass(0, g.queue, g.table, g.placement, g);
  REQUIRE(g.started.empty());
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

namespace {

// The CPU pool: 8 vCPUs; a running CPU job holds 4 until 2 h. Queued (EASY): H (8 vCPUs, 1 h),
// then L (4 vCPUs, 3 h), then S (4 vCPUs, 1 h).
struct CpuFixture final : JobControl {
  CpuFixture() {
    gwsim::RandomEngine rng(1);
    pool.resize(8, rng, *this);
    pool.hold(99, 4, gwsim::hours(2));
    const std::string tenant = "t";
    for (auto [vcpus, hours] : {std::pair{8, 1.0}, {4, 3.0}, {4, 1.0}}) {
      NewJob j;
      j.tenant_name = &tenant;
      j.resource = gwsim::JobResource::cpu;
      j.units = vcpus;
      j.work_hours = hours;
      const auto id = table.add(j, 0);
      table.run(id).queue_pos = queue.push(id, 0, 0, false, 0, 0);
    }
  }
  void start(std::uint64_t id) override {
    started.push_back(id);
    queue.erase(table.run(id).queue_pos, 0);
    pool.hold(id, table.row(id).gpus, gwsim::ticks_from_hours(table.run(id).hours_to_end()));
  }
  void interrupt(std::uint64_t) override { FAIL("backfilling interrupts nothing"); }

  GpuSites sites{1, {2.0}};
  VcpuPool pool;
  std::vector<gwsim::Cluster> clusters;
  JobTable table;
  JobQueue queue{gwsim::make_policy(easy())};
  Placement placement{sites, pool, clusters};
  Backfill backfill{sites, pool, clusters, 10};
  std::vector<std::uint64_t> started;
};

}  // namespace

TEST_CASE("rule: EASY reserves the pool for a CPU head; only jobs ending before it backfill (docs/jobs.md)",
          "[jobs][backfill][rule]") {
  CpuFixture f;
  f.backfill.pass(0, f.queue, f.table, f.placement, f);
  // H needs the whole pool: it can start when the running job ends at 2 h, with nothing to spare.
  REQUIRE(f.backfill.reserved_at() == gwsim::hours(2));
  REQUIRE(f.backfill.extra_units() == 0);
  // L (3 h) would still hold 4 vCPUs at 2 h and delay H: it waits. S (1 h) ends before 2 h: it starts.
  REQUIRE(f.started == std::vector<std::uint64_t>{2});
  REQUIRE(f.pool.busy_vcpus() == 8);
}

TEST_CASE("rule: EASY lets long jobs use only the GPUs the head will not need, once (docs/jobs.md)",
          "[jobs][backfill][rule]") {
  // One site of 10 GPUs, 6 held until 2 h: 4 free. Head H needs 8: at 2 h all 10 are free,
  // 2 more than H needs. L1 and L2 (2 GPUs, 5 h each) would both still run at 2 h.
  Easy f({10}, 6, {{8, 1.0}, {2, 5.0}, {2, 5.0}});
  f.pass();
  REQUIRE(f.backfill.reserved_at() == gwsim::hours(2));
  // L1 takes the 2 spare GPUs; L2 would leave H 6 of 8 at 2 h: it waits.
  REQUIRE(f.started == std::vector<std::uint64_t>{1});
  REQUIRE(f.backfill.extra_units() == 0);
  REQUIRE(f.sites[0].busy == 8);
}

TEST_CASE("rule: EASY reserves a cluster run's GPUs across the cluster's sites (docs/jobs.md)",
          "[jobs][backfill][rule]") {
  // Cluster c = sites 0 (8 GPUs) and 1 (6 GPUs); 4 of site 0 held until 2 h: 10 free.
  // Head H (12 GPUs on c) starts at 2 h, when all 14 are free: 2 to spare.
  // L (4 GPUs, 3 h) would still hold 4 at 2 h (more than 2): it waits; S (4 GPUs, 1 h) ends by then.
  Easy f({8, 6}, 4, {{12, 1.0, 0}, {4, 3.0}, {4, 1.0}});
  f.pass();
  REQUIRE(f.backfill.reserved_at() == gwsim::hours(2));
  REQUIRE(f.backfill.extra_units() == 2);
  REQUIRE(f.started == std::vector<std::uint64_t>{2});
}

TEST_CASE("rule: EASY lets a long job start at a site outside the head's cluster (docs/jobs.md)",
          "[jobs][backfill][rule]") {
  // As above, with a third site of 7 GPUs outside cluster c. Head H (12 GPUs on c) is reserved at
  // 2 h with 2 to spare. L (5 GPUs, 3 h) goes to the site with the most free GPUs, site 2 (7, outside
  // c): it takes none of the GPUs H waits for, so it starts although it ends after H's reservation.
  Easy f({8, 6, 7}, 4, {{12, 1.0, 0}, {5, 3.0}});
  f.pass();
  REQUIRE(f.backfill.reserved_at() == gwsim::hours(2));
  REQUIRE(f.backfill.extra_units() == 2);
  REQUIRE(f.started == std::vector<std::uint64_t>{1});
  REQUIRE(f.sites[2].free() == 2);
}

TEST_CASE("rule: EASY backfills a short cluster job larger than any one site's free GPUs (docs/jobs.md)",
          "[jobs][backfill][rule]") {
  // Sites of 8 and 6 GPUs, 4 of site 0 held until 2 h: 4 and 6 free. Head H (8 GPUs, one site) is
  // reserved at 2 h on site 0. C (9 GPUs on cluster c = {0, 1}, 1 h) fits across the cluster now
  // (10 free) and ends before H's reservation: it starts, although no single site has 9 free.
  Easy f({8, 6}, 4, {{8, 1.0}, {9, 1.0, 0}});
  f.pass();
  REQUIRE(f.backfill.reserved_at() == gwsim::hours(2));
  REQUIRE(f.started == std::vector<std::uint64_t>{1});
}

TEST_CASE("rule: each pass reserves for the head it has, whatever the pass before reserved (docs/jobs.md)",
          "[jobs][backfill][rule]") {
  // Sites of 8, 6 and 7 GPUs, 4 of site 0 held until 2 h: 4, 6 and 7 free. A first pass reserves for
  // H1 (8 GPUs, one site: site 0 at 2 h). Then H1 leaves the queue and H2 (12 GPUs on cluster
  // c = {0, 1}) heads it: its reservation counts sites 0 and 1 only, 10 free now, 14 at 2 h, so it
  // is at 2 h with 2 to spare, as if the first pass had never been (site 2's 7 free do not count).
  Easy f({8, 6, 7}, 4, {{8, 1.0}});
  f.pass();
  REQUIRE(f.backfill.reserved_at() == gwsim::hours(2));
  f.queue.erase(f.table.run(0).queue_pos, 8);
  f.add({12, 1.0, 0});
  f.pass();
  REQUIRE(f.backfill.reserved_at() == gwsim::hours(2));
  REQUIRE(f.backfill.extra_units() == 2);
}

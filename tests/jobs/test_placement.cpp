// Placement (sim/jobs/placement.hpp): hand-worked cases, and clusters through the job system.
#include <algorithm>
#include <functional>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.hpp"
#include "jobs/placement.hpp"

using nlohmann::json;
using namespace gwsim::test;
using gwsim::JobResource;
using gwsim::detail::PlanPart;
using Plan = std::vector<PlanPart>;

namespace {

struct NoControl final : gwsim::detail::JobControl {
  void start(std::uint64_t) override {}
  void interrupt(std::uint64_t) override {}
};

// Three sites with 8, 16 and 16 GPUs up, of which 0, 4 and 8 busy: free 8, 12, 8.
// Clusters: {0, 2} and {2, 1}. A pool of 32 vCPUs.
struct Fixture {
  Fixture() {
    const std::int64_t up[] = {8, 16, 16}, busy[] = {0, 4, 8};
    for (std::size_t i = 0; i < 3; ++i) {
      sites.bring_up(static_cast<std::uint32_t>(i), 0, static_cast<std::uint32_t>(i), up[i]);  // one rack each
      sites.change_inference(static_cast<std::uint32_t>(i), busy[i]);
    }
    clusters[0].sites = {0, 2};
    clusters[1].sites = {2, 1};
    NoControl none;
    gwsim::RandomEngine rng(1);
    pool.resize(32, rng, none);
  }
  gwsim::detail::GpuSites sites{3, {2.0}};
  gwsim::detail::VcpuPool pool;
  std::vector<gwsim::Cluster> clusters = std::vector<gwsim::Cluster>(2);
  gwsim::detail::Placement placement{sites, pool, clusters};
};

}  // namespace

TEST_CASE("placement: one site, the one with the most free GPUs that fits", "[jobs][placement]") {
  Fixture f;
  gwsim::detail::Placement& p = f.placement;
  REQUIRE(p.max_free_gpus() == 12);
  REQUIRE(p.place(JobResource::gpu, 8, -1, -1));
  REQUIRE(p.plan() == Plan{{1, 8}});  // 12 free beats 8
  REQUIRE(p.place(JobResource::gpu, 12, -1, -1));
  REQUIRE(p.plan() == Plan{{1, 12}});
  REQUIRE_FALSE(p.place(JobResource::gpu, 13, -1, -1));  // no single site has 13
  REQUIRE(p.plan().empty());
  // pinned: that site or nothing
  REQUIRE(p.place(JobResource::gpu, 8, 2, -1));
  REQUIRE(p.plan() == Plan{{2, 8}});
  REQUIRE_FALSE(p.place(JobResource::gpu, 9, 2, -1));
  REQUIRE(p.best_site(9, 0) == -1);
  // a tie goes to the lowest-numbered site: with site 1 at 8 free too, site 0
  f.sites.change_inference(1, 4);
  REQUIRE(p.place(JobResource::gpu, 5, -1, -1));
  REQUIRE(p.plan() == Plan{{0, 5}});
}

TEST_CASE("placement: a cluster job takes GPUs from its sites, most free first", "[jobs][placement]") {
  Fixture f;
  gwsim::detail::Placement& p = f.placement;
  // cluster {0, 2}: 8 and 8 free, a tie kept in the cluster's order
  REQUIRE(p.place(JobResource::gpu, 12, -1, 0));
  REQUIRE(p.plan() == Plan{{0, 8}, {2, 4}});
  // cluster {2, 1}: site 1 (12 free) first, then site 2
  REQUIRE(p.place(JobResource::gpu, 15, -1, 1));
  REQUIRE(p.plan() == Plan{{1, 12}, {2, 3}});
  REQUIRE(p.place(JobResource::gpu, 20, -1, 1));
  REQUIRE(p.plan() == Plan{{1, 12}, {2, 8}});
  REQUIRE(p.place(JobResource::gpu, 13, -1, 1));  // one GPU from the second site
  REQUIRE(p.plan() == Plan{{1, 12}, {2, 1}});
  // one site is enough: only that one
  REQUIRE(p.place(JobResource::gpu, 10, -1, 1));
  REQUIRE(p.plan() == Plan{{1, 10}});
  REQUIRE_FALSE(p.place(JobResource::gpu, 21, -1, 1));  // 20 free in the cluster
  REQUIRE(p.plan().empty());
  // a full site counts as no free GPUs
  f.sites.change_inference(0, 8);  // site 0: up 8, busy 8
  REQUIRE_FALSE(p.place(JobResource::gpu, 9, -1, 0));
  REQUIRE(p.place(JobResource::gpu, 8, -1, 0));
  REQUIRE(p.plan() == Plan{{2, 8}});
}

TEST_CASE("placement: a CPU job goes to the CPU pool if its vCPUs fit", "[jobs][placement][cpu]") {
  Fixture f;
  gwsim::detail::Placement& p = f.placement;
  REQUIRE(p.place(JobResource::cpu, 32, -1, -1));
  REQUIRE(p.plan() == Plan{{0, 32}});
  f.pool.hold(1, 20, gwsim::hours(1));
  REQUIRE_FALSE(p.place(JobResource::cpu, 13, -1, -1));
  REQUIRE(p.place(JobResource::cpu, 12, -1, -1));
  REQUIRE(p.plan() == Plan{{0, 12}});
  // GPUs are not vCPUs: 13 GPUs still fit nowhere
  REQUIRE_FALSE(p.place(JobResource::gpu, 13, -1, -1));
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
  REQUIRE(single.jobs[0].first_start < 0);                // never fits in one site
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
  REQUIRE(code_of([](json& e) {
            e["workloads"]["clusters"][0]["sites"] = {"a", "nowhere"};
          }) == "scenario.reference /workloads/clusters/0/sites/1");
  REQUIRE(code_of([](json& e) {
            e["workloads"]["clusters"][0]["sites"] = {"a", "a"};
          }) == "scenario.duplicate /workloads/clusters/0/sites/1");
  REQUIRE(code_of([](json& e) { e["workloads"]["training"][0]["site"] = "a"; }) ==
          "scenario.unknown_key /workloads/training/0/cluster");
}

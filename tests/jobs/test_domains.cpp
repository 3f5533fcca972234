// Training runs within one fabric domain, and the throughput factors
// (jobs/placement.hpp, jobs/rack_pool.hpp; docs/jobs.md, "Fabric domains"):
// hand-worked cases on the components and through the job system, a
// property over random takes, gives and failures, and the reader's errors
// for training[].multi_domain and clusters[].throughput.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/random.hpp"
#include "core/time.hpp"
#include "io/explain.hpp"
#include "io/loader_fixtures.hpp"
#include "io/workload_warnings.hpp"
#include "jobs/columns.hpp"
#include "jobs/cpu_pool.hpp"
#include "jobs/gpu_sites.hpp"
#include "jobs/jobs_fixtures.hpp"
#include "jobs/placement.hpp"

using nlohmann::json;
using namespace gwsim::test;
using gwsim::detail::kAnyDomain;

namespace {

// One site of 4 racks of 72 GPUs (nodes of 4) in 2 domains of 2 racks:
// racks 0-1 in domain 0, racks 2-3 in domain 1. Training run 0 is confined,
// run 1 multi-domain at 0.8.
struct Pods {
  Pods() {
    for (std::uint32_t r = 0; r < 4; ++r) sites.bring_up(0, 0, r, 72, r / 2);
    training[1].multi_domain = true;
    training[1].multi_domain_throughput = 0.8;
  }
  // Places training run `source` of `gpus` GPUs.
  bool place(std::uint32_t source, std::int64_t gpus) {
    row.kind = gwsim::JobSource::training;
    row.source = source;
    row.gpus = gpus;
    return placement.place(row, run);
  }
  // The domains of the racks of `held`.
  std::set<std::uint32_t> domains_of(const std::vector<gwsim::detail::GpuSeg>& held) const {
    std::set<std::uint32_t> out;
    for (const auto& seg : held) out.insert(sites.racks().rack_domain(seg.rack));
    return out;
  }
  gwsim::detail::GpuSites sites{1, {2.0}, {4}};
  gwsim::detail::VcpuPool pool;
  std::vector<gwsim::Cluster> clusters;
  std::vector<gwsim::TrainingRun> training = std::vector<gwsim::TrainingRun>(2);
  gwsim::detail::Placement placement{sites, pool, clusters, nullptr, &training};
  gwsim::JobRow row;
  gwsim::detail::JobRun run;
};

// fleet() with racks of 72 GPUs in nodes of 4, `racks_per_domain` per domain.
json pods(int racks, int racks_per_domain) {
  json d = fleet(racks, false);
  d["catalog"]["EIGHT"]["gpus_per_rack"] = 72;
  d["catalog"]["EIGHT"]["gpus_per_node"] = 4;
  d["sites"][0]["racks_per_domain"] = racks_per_domain;
  return d;
}

}  // namespace

TEST_CASE("domains: the pool counts free GPUs per domain; a confined run takes the best-fit domain",
          "[jobs][domains]") {
  Pods p;
  const auto& racks = p.sites.racks();
  REQUIRE(racks.has_domains(0));
  REQUIRE(racks.domains(0) == 2);
  REQUIRE(racks.domain_free(0, 0) == 144);
  REQUIRE(racks.largest_free_domain(0) == 144);
  // a 144-GPU run fits one domain: the lowest index on a tie, at full speed
  REQUIRE(p.place(0, 144));
  REQUIRE(p.placement.plan() == std::vector<gwsim::detail::PlanPart>{{0, 144, 0}});
  REQUIRE(p.placement.plan_speed() == 1.0);
  std::vector<gwsim::detail::GpuSeg> held;
  const auto slot = p.sites.hold(0, 7, 144, 0, held, 0);
  REQUIRE(p.domains_of(held) == std::set<std::uint32_t>{0});
  REQUIRE(racks.domain_free(0, 0) == 0);
  REQUIRE(p.sites.largest_free_run_gpus() == 144);
  p.sites.release(0, 7, 144, 0, slot);
  p.sites.free_held(7, held);
  // with 72 busy in domain 1, a 72-GPU run goes to the domain with the fewest free that fit (domain 1)
  p.sites.hold(0, 8, 72, 0, held, 1);
  REQUIRE(p.place(0, 72));
  REQUIRE(p.placement.plan().front().domain == 1);
  REQUIRE(p.place(0, 100));
  REQUIRE(p.placement.plan().front().domain == 0);  // only domain 0 has 100 free
}

TEST_CASE("domains: a 200-GPU run waits on 288 free GPUs unless multi-domain, then at 0.8", "[jobs][domains]") {
  Pods p;
  REQUIRE(p.sites[0].free() == 288);
  REQUIRE_FALSE(p.place(0, 200));  // no domain holds 200
  REQUIRE(p.place(1, 200));        // multi-domain: across the site's domains
  REQUIRE(p.placement.plan() == std::vector<gwsim::detail::PlanPart>{{0, 200, kAnyDomain}});
  REQUIRE(p.placement.plan_speed() == 0.8);
  REQUIRE(p.place(1, 144));  // a multi-domain run that fits one domain takes it, at full speed
  REQUIRE(p.placement.plan().front().domain == 0);
  REQUIRE(p.placement.plan_speed() == 1.0);
  // stream and trace jobs ignore domains
  p.row.kind = gwsim::JobSource::stream;
  p.row.gpus = 200;
  REQUIRE(p.placement.place(p.row, p.run));
}

TEST_CASE("domains: a failure in the run's domain, and the run resumes in the other", "[jobs][domains]") {
  Pods p;
  REQUIRE(p.place(0, 100));
  REQUIRE(p.placement.plan().front().domain == 0);
  std::vector<gwsim::detail::GpuSeg> held;
  const auto slot = p.sites.hold(0, 3, 100, 0, held, 0);
  gwsim::RandomEngine rng(1);
  // rack 0 (domain 0) fails whole: its 72 GPUs down; the run is hit
  const auto& hits = p.sites.take_down(0, 0, 0, 72, rng);
  REQUIRE(hits.jobs == std::vector<std::uint64_t>{3});
  p.sites.release(0, 3, 100, 0, slot);
  p.sites.free_held(3, held);
  REQUIRE(p.sites.racks().domain_free(0, 0) == 72);
  REQUIRE(p.sites.largest_free_run_gpus() == 144);
  REQUIRE(p.place(0, 100));
  REQUIRE(p.placement.plan().front().domain == 1);
  p.sites.hold(0, 3, 100, 0, held, 1);
  REQUIRE(p.domains_of(held) == std::set<std::uint32_t>{1});
}

TEST_CASE("domains: speed is the throughput factor x working/full; a resumed run takes its new factor",
          "[jobs][domains]") {
  gwsim::detail::JobRun r;
  r.full_gpus = r.working_gpus = 200;
  r.remaining_hours = 10;
  r.throughput = 0.8;
  REQUIRE(r.todo() == Approx(12.5));
  REQUIRE(r.work_of(12.5) == Approx(10.0));
  r.working_gpus = 100;  // shrunk elastic run, across domains: 0.4 of full speed
  REQUIRE(r.todo() == Approx(25.0));
  r.working_gpus = 200;
  r.throughput = 1.0;  // resumed within one domain
  REQUIRE(r.todo() == 10.0);
  REQUIRE(r.work_of(3.0) == 3.0);
}

TEST_CASE("domains in the job system: confined, waiting, multi-domain at wall/0.8", "[jobs][domains]") {
  json d = pods(4, 2);  // 288 GPUs in 2 domains of 144
  json run200 = training("wide", "2026-01-02", 200, 10.0);
  d["workloads"] = {{"policy", "fifo"}, {"training", {training("pod", "2026-01-02", 144, 10.0)}}};
  const Out fits = run(d);
  REQUIRE(fits.jobs[0].first_start == gwsim::days(1));
  REQUIRE(fits.jobs[0].end == gwsim::days(1) + gwsim::ticks_from_hours(10.0));

  d["workloads"]["training"] = {run200};
  const Out waits = run(d);
  REQUIRE(waits.jobs[0].first_start < 0);  // 288 free, but no domain holds 200
  REQUIRE_FALSE(waits.jobs[0].completed);
  REQUIRE(waits.summary.training[0].largest_domain_gpus_at_end == 144);
  REQUIRE(gwsim::training_reason(waits.summary.training[0]) ==
          "never started: it needs 200 GPUs at once; 288 were up at the end where it may run, but within one "
          "fabric domain, whose largest had 144 healthy");
  const auto warnings = gwsim::detail::workload_warnings(gwsim::scenario_from_json(d, "t.json"));
  REQUIRE(warnings.size() == 1);
  REQUIRE(warnings[0].code == "feasibility.fabric_domain");
  REQUIRE(warnings[0].pointer == "/workloads/training/0/gpus");

  d["workloads"]["training"][0]["multi_domain"] = {{"throughput", 0.8}};
  REQUIRE(gwsim::detail::workload_warnings(gwsim::scenario_from_json(d, "t.json")).empty());
  const Out spans = run(d);
  REQUIRE(spans.summary.training[0].largest_domain_gpus_at_end == -1);  // multi-domain: not confined
  REQUIRE(spans.jobs[0].first_start == gwsim::days(1));
  REQUIRE(spans.jobs[0].end == gwsim::days(1) + gwsim::ticks_from_hours(10.0 / 0.8));  // 12.5 h
  REQUIRE(spans.jobs[0].useful_gpu_hours == Approx(12.5 * 200));

  // largest_free_run_gpus: a 200-GPU run for 100 h takes racks 0, 1 and 56 of rack 2
  // (site-wide packing): domain 0 has none free, domain 1 has 16 + 72
  d["workloads"]["training"][0]["wall_hours"] = 100.0;
  const Out col = run(d);
  const auto& free_run = col.ts.column(std::string(gwsim::columns::largest_free_run_gpus.name));
  REQUIRE(free_run[0] == 144);
  REQUIRE(free_run[1] == 88);
}

TEST_CASE("domains: a cluster run spanning two sites ends at wall / the cluster's throughput", "[jobs][domains]") {
  json d = fleet(1, false);
  json b = d["sites"][0];
  b["name"] = "b";
  d["sites"].push_back(b);
  d["orders"].push_back({{"sku", "EIGHT"}, {"site", "b"}, {"deliveries", {{{"date", "2026-01-02"}, {"racks", 1}}}}});
  d["workloads"] = {{"policy", "fifo"},
                    {"clusters", {{{"name", "ab"}, {"sites", {"a", "b"}}, {"throughput", 0.5}}}},
                    {"training", {training("wide", "2026-01-03", 12, 10.0), training("one", "2026-01-05", 8, 10.0)}}};
  d["workloads"]["training"][0]["cluster"] = "ab";
  d["workloads"]["training"][1]["cluster"] = "ab";
  const Out out = run(d);
  REQUIRE(out.jobs[0].first_start == gwsim::days(2));
  REQUIRE(out.jobs[0].end == gwsim::days(2) + gwsim::ticks_from_hours(20.0));  // 10 h / 0.5
  // an 8-GPU run fits one site (one domain): full speed
  REQUIRE(out.jobs[1].first_start == gwsim::days(4));
  REQUIRE(out.jobs[1].end == gwsim::days(4) + gwsim::ticks_from_hours(10.0));
}

TEST_CASE("property: confined runs lie in one domain; free GPUs per domain add up", "[jobs][domains][property]") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    gwsim::RandomEngine rng(seed);
    auto draw = [&](std::int64_t lo, std::int64_t hi) {
      return boost::random::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    Pods p;
    for (std::uint32_t r = 4; r < 10; ++r) p.sites.bring_up(0, 0, r, 72, r / 2);  // 5 domains of 2 racks
    std::map<std::uint64_t, std::vector<gwsim::detail::GpuSeg>> held;
    std::map<std::uint64_t, std::int64_t> gpus;
    std::map<std::uint64_t, gwsim::WeightedSampler::Slot> slots;
    std::map<std::uint64_t, bool> confined;
    std::vector<std::int64_t> down(10, 0);
    for (std::uint64_t step = 0; step < 400; ++step) {
      const std::int64_t action = draw(0, 9);
      if (action < 5) {  // a run of 1-300 GPUs, confined or multi-domain
        const std::uint32_t source = action < 3 ? 0 : 1;
        const std::int64_t n = draw(1, 300);
        if (p.place(source, n)) {
          const auto& part = p.placement.plan().front();
          slots[step] = p.sites.hold(0, step, n, 0, held[step], part.domain);
          gpus[step] = n;
          confined[step] = p.placement.plan_speed() == 1.0;
        }
      } else if (action < 8 && !held.empty()) {  // one ends
        auto it = std::next(held.begin(), draw(0, static_cast<std::int64_t>(held.size()) - 1));
        p.sites.release(0, it->first, gpus[it->first], 0, slots[it->first]);
        p.sites.free_held(it->first, it->second);
        held.erase(it);
      } else if (action == 8) {  // a node fails: its jobs end
        const auto rack = static_cast<std::uint32_t>(draw(0, 9));
        if (down[rack] + 4 > 72) continue;
        const auto& hits = p.sites.take_down(0, 0, rack, 4, rng);
        down[rack] += 4;
        for (std::uint64_t id : std::vector<std::uint64_t>(hits.jobs.begin(), hits.jobs.end())) {
          p.sites.release(0, id, gpus[id], 0, slots[id]);
          p.sites.free_held(id, held[id]);
          held.erase(id);
        }
      } else {  // repairs
        const auto rack = static_cast<std::uint32_t>(draw(0, 9));
        if (down[rack] > 0) p.sites.bring_up(0, 0, rack, down[rack]);
        down[rack] = 0;
      }
      const auto& racks = p.sites.racks();
      // every confined run's GPUs lie in one domain
      for (const auto& [id, segs] : held)
        if (confined[id]) REQUIRE(p.domains_of(segs).size() == 1);
      // the domains' free GPUs are their racks' and add up to the site's free GPUs
      std::vector<std::int64_t> free(racks.domains(0), 0);
      for (std::uint32_t r = 0; r < racks.racks(); ++r) free[racks.rack_domain(r)] += racks.free(r);
      std::int64_t total = 0;
      for (std::uint32_t dom = 0; dom < free.size(); ++dom) {
        REQUIRE(racks.domain_free(0, dom) == free[dom]);
        total += free[dom];
      }
      REQUIRE(total == p.sites[0].free());
      REQUIRE(racks.largest_free_domain(0) == *std::max_element(free.begin(), free.end()));
    }
  }
}

TEST_CASE("reader: training[].multi_domain and clusters[].throughput", "[jobs][domains][loader]") {
  json d = pods(2, 1);
  d["sites"].push_back(d["sites"][0]);
  d["sites"][1]["name"] = "b";
  d["workloads"] = {{"policy", "fifo"},
                    {"clusters", {{{"name", "ab"}, {"sites", {"a", "b"}}}}},
                    {"training", {training("t", "2026-01-02", 8, 1.0)}}};
  auto code = [&](const json& md) {
    json e = d;
    e["workloads"]["training"][0]["multi_domain"] = md;
    return gwsim::test::error_code_at(e);
  };
  REQUIRE(code(true) == "none");
  REQUIRE(code(false) == "none");
  REQUIRE(code({{"throughput", 0.8}}) == "none");
  REQUIRE(code({{"throughput", 1}}) == "none");
  REQUIRE(code("yes") == "scenario.type /workloads/training/0/multi_domain");
  REQUIRE(code(1) == "scenario.type /workloads/training/0/multi_domain");
  REQUIRE(code({{"throughput", 0}}) == "scenario.range /workloads/training/0/multi_domain/throughput");
  REQUIRE(code({{"throughput", 1.5}}) == "scenario.range /workloads/training/0/multi_domain/throughput");
  REQUIRE(code({{"throughput", "x"}}) == "scenario.type /workloads/training/0/multi_domain/throughput");
  REQUIRE(code(json::object()) == "scenario.missing_key /workloads/training/0/multi_domain/throughput");
  REQUIRE(code({{"throughput", 0.5}, {"speed", 1}}) == "scenario.unknown_key /workloads/training/0/multi_domain/speed");
  auto cluster = [&](const json& th) {
    json e = d;
    e["workloads"]["clusters"][0]["throughput"] = th;
    return gwsim::test::error_code_at(e);
  };
  REQUIRE(cluster(0.7) == "none");
  REQUIRE(cluster(1) == "none");
  REQUIRE(cluster(0) == "scenario.range /workloads/clusters/0/throughput");
  REQUIRE(cluster(1.01) == "scenario.range /workloads/clusters/0/throughput");
  REQUIRE(cluster("fast") == "scenario.type /workloads/clusters/0/throughput");
  // the values read
  json e = d;
  e["workloads"]["training"][0]["multi_domain"] = {{"throughput", 0.8}};
  e["workloads"]["clusters"][0]["throughput"] = 0.7;
  const gwsim::Scenario s = gwsim::scenario_from_json(e, "t.json");
  REQUIRE(s.workloads->training[0].multi_domain);
  REQUIRE(s.workloads->training[0].multi_domain_throughput == 0.8);
  REQUIRE(s.workloads->clusters[0].throughput == 0.7);
  e["workloads"]["training"][0]["multi_domain"] = true;
  const gwsim::Scenario t = gwsim::scenario_from_json(e, "t.json");
  REQUIRE(t.workloads->training[0].multi_domain);
  REQUIRE(t.workloads->training[0].multi_domain_throughput == 1.0);
}

TEST_CASE("domains with failures: GPU-hours conserved per job, outputs deterministic", "[jobs][domains][property]") {
  json d = pods(8, 2);  // 576 GPUs in 4 domains of 144
  d["failures"] = {{"enabled", true}};
  json wide = training("wide", "2026-01-02", 400, 200.0);
  wide["multi_domain"] = {{"throughput", 0.8}};
  d["workloads"] = {{"policy", "easy_backfill"},
                    {"training",
                     {training("p0", "2026-01-02", 144, 300.0), training("p1", "2026-01-02", 100, 300.0), wide,
                      training("p2", "2026-01-03", 72, 100.0), training("p3", "2026-01-04", 144, 50.0)}}};
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const Out a = run(d, seed);
    std::uint32_t interruptions = 0;
    for (const gwsim::JobRow& j : a.jobs) {
      REQUIRE(j.useful_gpu_hours + j.lost_gpu_hours == Approx(j.run_hours * static_cast<double>(j.gpus)).epsilon(1e-9));
      interruptions += j.interruptions;
    }
    REQUIRE(interruptions > 0);  // the failures hit the runs
    const auto& busy = a.ts.column("gpus_busy");
    const auto& free_run = a.ts.column(std::string(gwsim::columns::largest_free_run_gpus.name));
    const auto& up = a.ts.column("gpus_in_service");
    for (std::size_t day = 0; day < busy.size(); ++day) {
      REQUIRE(free_run[day] <= 144);  // one domain at most
      REQUIRE(free_run[day] <= up[day] - busy[day]);
    }
    const Out b = run(d, seed);
    for (std::size_t i = 0; i < a.jobs.size(); ++i) {
      REQUIRE(a.jobs[i].end == b.jobs[i].end);
      REQUIRE(a.jobs[i].useful_gpu_hours == b.jobs[i].useful_gpu_hours);
    }
  }
}

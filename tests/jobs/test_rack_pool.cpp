// GPUs placed on concrete racks and nodes (sim/jobs/rack_pool.hpp, through
// sim/jobs/gpu_sites.hpp): packing, and failures interrupting every job on the
// GPUs they take down. Hand-worked cases; the property test is in
// test_rack_pool_property.cpp.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "jobs/gpu_sites.hpp"

using gwsim::detail::FailureHits;
using gwsim::detail::GpuSeg;
using gwsim::detail::GpuSites;
using Segs = std::vector<GpuSeg>;
using Ids = std::vector<std::uint64_t>;

namespace {

// One site; SKU 0 has nodes of 4 GPUs (as GB200 NVL72: 72 GPUs in 18 nodes).
GpuSites one_site() { return GpuSites{1, {2.0}, {4}}; }

// Job `job` holds `gpus` at site 0; returns its GPUs.
Segs hold(GpuSites& s, std::uint64_t job, std::int64_t gpus) {
  Segs held;
  s.hold(0, job, gpus, gwsim::hours(1), held);
  return held;
}

}  // namespace

TEST_CASE("rack pool: eighteen 4-GPU jobs on a 72-GPU rack, one per node", "[jobs][racks]") {
  GpuSites s = one_site();
  s.bring_up(0, 0, /*rack=*/7, 72);
  for (std::uint64_t j = 0; j < 18; ++j) {
    // every node has 4 free or 0: the first fully free node, whole
    REQUIRE(hold(s, j, 4) == Segs{{0, static_cast<std::uint32_t>(4 * j), 4}});
  }
  REQUIRE(s[0].free() == 0);
  gwsim::RandomEngine rng(3);
  SECTION("a rack-level failure interrupts all 18") {
    const FailureHits& hits = s.take_down(0, 0, 7, 72, rng);
    Ids all(18);
    for (std::uint64_t j = 0; j < 18; ++j) all[j] = j;
    REQUIRE(hits.jobs == all);
    REQUIRE(hits.inference == 0);
    REQUIRE(s[0].up == 0);
    REQUIRE(s.racks().up(0) == 0);
  }
  SECTION("a node-level failure interrupts exactly the job on that node") {
    for (int trial = 0; trial < 20; ++trial) {
      GpuSites t = s;
      const FailureHits& hits = t.take_down(0, 0, 7, 4, rng);
      REQUIRE(hits.jobs.size() == 1);
      const auto& failed = t.racks().last_failed();
      REQUIRE(failed.size() == 4);
      const std::uint32_t node = failed[0].second / 4;
      for (const auto& [r, g] : failed) REQUIRE(g / 4 == node);  // one whole node
      REQUIRE(hits.jobs[0] == node);                             // job j sits on node j
      REQUIRE(t[0].up == 68);
    }
  }
  SECTION("a GPU-level failure interrupts the one job on that GPU") {
    const FailureHits& hits = s.take_down(0, 0, 7, 1, rng);
    REQUIRE(hits.jobs == Ids{s.racks().last_failed()[0].second / 4});
  }
}

TEST_CASE("rack pool: a 1-GPU job beside a 100-GPU run", "[jobs][racks]") {
  GpuSites s = one_site();
  s.bring_up(0, 0, 0, 72);
  s.bring_up(0, 0, 1, 72);
  // 100 GPUs: no rack fits it, so the emptiest (lowest-numbered) rack whole,
  // then the fullest rack fitting the other 28: rack 1, its first 7 nodes
  const Segs run = hold(s, 1, 100);
  REQUIRE(run == Segs{{0, 0, 72}, {1, 0, 28}});
  // the 1-GPU job: the fullest rack that fits (rack 1, 44 free), the fullest node (all 4: node 7)
  REQUIRE(hold(s, 2, 1) == Segs{{1, 28, 1}});
  gwsim::RandomEngine rng(1);
  SECTION("a failure of rack 1 interrupts both") { REQUIRE(s.take_down(0, 0, 1, 72, rng).jobs == Ids{1, 2}); }
  SECTION("a failure of rack 0 interrupts only the run") { REQUIRE(s.take_down(0, 0, 0, 72, rng).jobs == Ids{1}); }
  SECTION("a node failure on rack 1 hits the run, the small job or neither, as its node says") {
    for (int trial = 0; trial < 50; ++trial) {
      GpuSites t = s;
      const FailureHits& hits = t.take_down(0, 0, 1, 4, rng);
      const std::uint32_t node = t.racks().last_failed()[0].second / 4;
      const Ids want = node < 7 ? Ids{1} : node == 7 ? Ids{2} : Ids{};
      REQUIRE(hits.jobs == want);
    }
  }
  SECTION("released, the run's GPUs are free again; down GPUs stay down until repaired") {
    Segs held = run;
    s.take_down(0, 0, 0, 72, rng);
    s.free_held(1, held);
    REQUIRE(held.empty());
    REQUIRE(s.racks().free(0) == 0);  // down
    REQUIRE(s.racks().free(1) == 71);
    s.bring_up(0, 0, 0, 72);
    REQUIRE(s.racks().free(0) == 72);
  }
}

TEST_CASE("rack pool: best fit packs small jobs into the fullest rack and keeps whole racks free", "[jobs][racks]") {
  GpuSites s = one_site();
  for (std::uint32_t r = 0; r < 3; ++r) s.bring_up(0, 0, r, 72);
  hold(s, 1, 60);  // rack 0: 12 free
  hold(s, 2, 66);  // racks 1 and 2 fit it with 72 free: the lowest-numbered, rack 1 -> 6 free
  REQUIRE(s.racks().free(0) == 12);
  REQUIRE(s.racks().free(1) == 6);
  REQUIRE(hold(s, 3, 4).front().rack == 1);     // 6 free: the fullest that fits
  REQUIRE(hold(s, 4, 4).front().rack == 0);     // rack 1 has 2 left: rack 0 (12)
  REQUIRE(s.racks().free(2) == 72);             // still whole
  REQUIRE(hold(s, 5, 72) == Segs{{2, 0, 72}});  // a rack-sized run finds it
}

TEST_CASE("rule: a rack whose GPUs do not fill its last node has a smaller last node", "[jobs][racks][rule]") {
  // 10 GPUs in nodes of 4: nodes of 4, 4 and 2 GPUs. A 2-GPU job goes to the fullest node that fits
  // it (docs/jobs.md, placement), which is the last one, exactly full after.
  GpuSites s = one_site();
  s.bring_up(0, 0, 0, 10);
  const std::uint32_t r = s.racks().rack_of(0);
  CHECK(s.racks().node_free(r, 0) == 4);
  CHECK(s.racks().node_free(r, 1) == 4);
  CHECK(s.racks().node_free(r, 2) == 2);
  REQUIRE(hold(s, 1, 2) == Segs{{0, 8, 2}});
  REQUIRE(hold(s, 2, 3) == Segs{{0, 0, 3}});             // then the fullest that fits 3: node 0 (ties: the first)
  REQUIRE(hold(s, 3, 5) == Segs{{0, 4, 4}, {0, 3, 1}});  // more than a node: the emptiest first
  REQUIRE(s.racks().free(r) == 0);
}

TEST_CASE("rack pool: inference GPUs are packed and lost with a failure", "[jobs][racks]") {
  GpuSites s = one_site();
  s.bring_up(0, 0, 0, 8);
  s.bring_up(0, 0, 1, 8);
  s.change_inference(0, 10);  // rack 0 whole, then 2 of rack 1
  REQUIRE(s.racks().free(0) == 0);
  REQUIRE(s.racks().free(1) == 6);
  gwsim::RandomEngine rng(1);
  const FailureHits& hits = s.take_down(0, 0, 0, 8, rng);
  REQUIRE(hits.inference == 8);
  REQUIRE(hits.jobs.empty());
  REQUIRE(s[0].inference == 2);
  REQUIRE(s[0].busy == 2);
  REQUIRE(s[0].up == 8);
  s.change_inference(0, -2);  // given back from rack 1
  REQUIRE(s.racks().free(1) == 8);
  REQUIRE(s.busy_gpus() == 0);
}

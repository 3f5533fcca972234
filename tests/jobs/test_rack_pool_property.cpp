// Property test of GPUs on concrete racks (sim/jobs/rack_pool.hpp through
// sim/jobs/gpu_sites.hpp): random small scenarios (racks entering service,
// jobs starting and ending, inference growing and shrinking, failures of a
// GPU, a node or a rack, repairs) against a shadow map GPU -> holder kept by
// the test. After each failure the jobs interrupted are exactly the jobs the
// shadow map has on the failed GPUs; GPUs are conserved (up = free + busy per
// rack and per site) and no GPU is held twice.
#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "jobs/gpu_sites.hpp"

namespace {

using gwsim::detail::FailureHits;
using gwsim::detail::GpuSeg;
using gwsim::detail::GpuSites;
using gwsim::detail::kDownGpu;
using gwsim::detail::kFreeGpu;
using gwsim::detail::kInferenceGpu;

constexpr std::uint32_t kSites = 2;
constexpr std::uint32_t kRackGpus[] = {72, 8, 16};  // by SKU
constexpr std::uint32_t kNodeGpus[] = {4, 8, 2};

struct Live {
  std::uint32_t site;
  std::int64_t gpus;
  gwsim::Tick end;
  gwsim::WeightedSampler::Slot slot;
  std::vector<GpuSeg> held;
};

struct World {
  explicit World(std::uint64_t seed) : gen(seed), rng(seed) {}
  std::mt19937_64 gen;
  gwsim::RandomEngine rng;
  GpuSites s{kSites, {2.0, 1.0, 3.0}, {kNodeGpus[0], kNodeGpus[1], kNodeGpus[2]}};
  std::vector<std::uint32_t> site_of, sku_of;      // by inventory rack
  std::vector<std::vector<std::uint64_t>> shadow;  // by inventory rack, by GPU: the holder
  std::map<std::uint64_t, Live> jobs;
  std::uint64_t next_job = 0;
  int failures = 0, victims = 0, multi = 0;  // failures, jobs interrupted, failures hitting 2+ jobs

  std::uint64_t draw(std::uint64_t n) { return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(gen); }
  std::uint32_t pool(std::uint32_t inv) const { return s.racks().rack_of(inv); }
  std::uint32_t count(std::uint32_t inv, std::uint64_t who) const {
    return static_cast<std::uint32_t>(std::count(shadow[inv].begin(), shadow[inv].end(), who));
  }
  std::uint32_t inv_of(std::uint32_t pool_rack) const {
    for (std::uint32_t i = 0; i < shadow.size(); ++i)
      if (pool(i) == pool_rack) return i;
    FAIL("no such rack");
    return 0;
  }

  void add_rack() {
    const auto inv = static_cast<std::uint32_t>(shadow.size());
    const auto site = static_cast<std::uint32_t>(draw(kSites)), sku = static_cast<std::uint32_t>(draw(3));
    site_of.push_back(site);
    sku_of.push_back(sku);
    shadow.emplace_back(kRackGpus[sku], kFreeGpu);
    s.bring_up(site, sku, inv, kRackGpus[sku]);
  }
  void start_job() {
    const auto site = static_cast<std::uint32_t>(draw(kSites));
    const std::int64_t free = s[site].free();
    if (free <= 0) return;
    const std::int64_t gpus = draw(4) == 0 ? 1 + static_cast<std::int64_t>(draw(static_cast<std::uint64_t>(free)))
                                           : std::min<std::int64_t>(free, 1 + static_cast<std::int64_t>(draw(8)));
    const std::uint64_t id = next_job++;
    Live& j = jobs[id];
    j.site = site;
    j.gpus = gpus;
    j.end = gwsim::hours(static_cast<std::int64_t>(id));
    j.slot = s.hold(site, id, gpus, j.end, j.held);
    std::int64_t n = 0;
    for (const GpuSeg& g : j.held) {
      const std::uint32_t inv = inv_of(g.rack);
      REQUIRE(site_of[inv] == site);
      for (std::uint32_t k = g.first; k < g.first + g.count; ++k, ++n) {
        REQUIRE(shadow[inv][k] == kFreeGpu);  // never a GPU held twice, never a down one
        shadow[inv][k] = id;
      }
    }
    REQUIRE(n == gpus);
  }
  void end_job(std::uint64_t id) {
    Live& j = jobs.at(id);
    s.release(j.site, id, j.gpus, j.end, j.slot);
    for (auto& rack : shadow) std::replace(rack.begin(), rack.end(), id, kFreeGpu);
    s.free_held(id, j.held);
    jobs.erase(id);
  }
  // Inference changes by a random amount; the shadow learns which GPUs from the
  // pool, and checks that only free GPUs were taken and only inference GPUs given back.
  void inference() {
    const auto site = static_cast<std::uint32_t>(draw(kSites));
    const bool grow = draw(2) == 0;
    const std::int64_t room = grow ? s[site].free() : s[site].inference;
    if (room <= 0) return;
    const std::int64_t k = 1 + static_cast<std::int64_t>(draw(static_cast<std::uint64_t>(room)));
    s.change_inference(site, grow ? k : -k);
    std::int64_t moved = 0;
    for (std::uint32_t inv = 0; inv < shadow.size(); ++inv)
      for (std::uint32_t g = 0; g < shadow[inv].size(); ++g) {
        const std::uint64_t now = s.racks().owner(pool(inv), g);
        if (now == shadow[inv][g]) continue;
        REQUIRE(site_of[inv] == site);
        REQUIRE(shadow[inv][g] == (grow ? kFreeGpu : kInferenceGpu));
        REQUIRE(now == (grow ? kInferenceGpu : kFreeGpu));
        shadow[inv][g] = now;
        ++moved;
      }
    REQUIRE(moved == k);
  }
  void fail() {
    const auto inv = static_cast<std::uint32_t>(draw(shadow.size()));
    const std::uint32_t sku = sku_of[inv], up = kRackGpus[sku] - count(inv, kDownGpu);
    const std::uint32_t blasts[] = {1, kNodeGpus[sku], kRackGpus[sku]};
    const std::uint32_t lost = std::min(blasts[draw(3)], up);  // as the buildout model does
    if (lost == 0) return;
    const std::vector<std::uint64_t> before = shadow[inv];
    const FailureHits hits = s.take_down(site_of[inv], sku, inv, lost, rng);
    // the independent count: the holders of the failed GPUs in the shadow map
    const auto& failed = s.racks().last_failed();
    REQUIRE(failed.size() == lost);
    std::vector<std::uint64_t> want;
    std::int64_t want_inference = 0;
    for (const auto& [r, g] : failed) {
      REQUIRE(r == pool(inv));
      const std::uint64_t o = shadow[inv][g];
      REQUIRE(o != kDownGpu);
      if (o == kInferenceGpu) ++want_inference;
      else if (o != kFreeGpu) want.push_back(o);
      shadow[inv][g] = kDownGpu;
    }
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    REQUIRE(hits.jobs == want);
    REQUIRE(hits.inference == want_inference);
    // the blast rule: from the first GPU of the drawn GPU's node (a blast of a
    // node or more), the first `lost` GPUs up, in order and wrapping
    if (lost >= kNodeGpus[sku] && lost < up) {
      const std::uint32_t n = kRackGpus[sku], start = failed[0].second / kNodeGpus[sku] * kNodeGpus[sku];
      std::uint32_t i = 0;
      for (std::uint32_t step = 0; step < n && i < lost; ++step) {
        const std::uint32_t g = (start + step) % n;
        if (before[g] == kDownGpu) continue;
        REQUIRE(failed[i++].second == g);
      }
    }
    ++failures;
    victims += static_cast<int>(want.size());
    multi += want.size() >= 2 ? 1 : 0;
    for (std::uint64_t id : want) end_job(id);  // interrupted: the job system releases them
  }
  void repair() {
    const auto inv = static_cast<std::uint32_t>(draw(shadow.size()));
    const std::uint32_t down = count(inv, kDownGpu);
    if (down == 0) return;
    auto k = static_cast<std::uint32_t>(1 + draw(down));
    s.bring_up(site_of[inv], sku_of[inv], inv, k);
    for (std::uint64_t& o : shadow[inv])  // the lowest-numbered down GPUs come back
      if (o == kDownGpu && k > 0) {
        o = kFreeGpu;
        --k;
      }
  }

  // GPUs conserved, per rack and per site; the pool agrees with the shadow map.
  void check() const {
    std::int64_t up[kSites] = {}, free[kSites] = {}, busy[kSites] = {}, infer[kSites] = {};
    for (std::uint32_t inv = 0; inv < shadow.size(); ++inv) {
      const std::uint32_t r = pool(inv), st = site_of[inv];
      for (std::uint32_t g = 0; g < shadow[inv].size(); ++g) REQUIRE(s.racks().owner(r, g) == shadow[inv][g]);
      const std::uint32_t p = kNodeGpus[sku_of[inv]];
      for (std::uint32_t n = 0; n * p < shadow[inv].size(); ++n)
        REQUIRE(s.racks().node_free(r, n) ==
                static_cast<std::uint32_t>(
                    std::count(shadow[inv].begin() + n * p, shadow[inv].begin() + (n + 1) * p, kFreeGpu)));
      const std::uint32_t down = count(inv, kDownGpu), fr = count(inv, kFreeGpu);
      REQUIRE(s.racks().up(r) == kRackGpus[sku_of[inv]] - down);
      REQUIRE(s.racks().free(r) == fr);
      up[st] += s.racks().up(r);
      free[st] += fr;
      busy[st] += s.racks().up(r) - fr;
      infer[st] += count(inv, kInferenceGpu);
    }
    for (std::uint32_t st = 0; st < kSites; ++st) {
      REQUIRE(s[st].up == up[st]);
      REQUIRE(s[st].busy == busy[st]);  // up = free + busy
      REQUIRE(s[st].free() == free[st]);
      REQUIRE(s[st].inference == infer[st]);
    }
  }
};

}  // namespace

TEST_CASE("rack pool property: a failure interrupts exactly the jobs on its GPUs", "[jobs][racks][property]") {
  int failures = 0, victims = 0, multi = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    INFO("seed " << seed);
    World w(seed);
    w.add_rack();
    for (int step = 0; step < 150; ++step) {
      const std::uint64_t op = w.draw(10);
      if (op == 0 && w.shadow.size() < 8) w.add_rack();
      else if (op <= 3) w.start_job();
      else if (op == 4 && !w.jobs.empty())
        w.end_job(std::next(w.jobs.begin(), static_cast<long>(w.draw(w.jobs.size())))->first);
      else if (op == 5) w.inference();
      else if (op <= 7) w.fail();
      else w.repair();
      w.check();
    }
    failures += w.failures;
    victims += w.victims;
    multi += w.multi;
  }
  // the scenarios did exercise failures hitting several jobs
  REQUIRE(failures > 1000);
  REQUIRE(victims > 1000);
  REQUIRE(multi > 300);
}

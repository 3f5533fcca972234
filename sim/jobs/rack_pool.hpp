// gwsim/sim/jobs/rack_pool.hpp -- the GPUs of the racks in service, one by
// one: which are down, free, serving inference or held by which job, so that
// a failure interrupts every job on the GPUs it takes down.
//
// Packing (best fit, so that whole racks stay free for gang-scheduled runs):
// GPUs for a job at a site come from the rack with the fewest free GPUs that
// still fits what is left of the job (the lowest-numbered rack on a tie); if
// no rack fits it, from the rack with the most free GPUs (whole free racks
// first), and so on. Inside a rack the same rule picks nodes: the node with
// the fewest free GPUs that fits the rest, else the node with the most free;
// inside a node the lowest-numbered free GPUs. Racks are kept in an ordered
// set per site keyed by (free GPUs, rack), so a placement costs O(log racks)
// per rack it touches plus O(GPUs per rack) inside each.
//
// Fabric domains (docs/jobs.md, "Fabric domains"): at a site whose racks
// were given a domain (model/fabric.hpp assigns it), the pool also keeps
// each domain's free GPUs and its racks by free GPUs, so that a take()
// confined to one domain packs by the same rule inside it, and the domains
// of each site ordered by free GPUs (the largest, and the best fit for a
// run). O(log) per change of a rack's free GPUs; nothing at other sites.
//
// Blast radius: a failure of `gpus` GPUs in a rack takes down all its up GPUs
// if it has no more; else it draws one up GPU uniformly (one draw) and walks
// from it -- from the first GPU of its node when `gpus` is at least a node --
// through the rack's GPUs in order (wrapping), taking the up ones: the node
// of the drawn GPU, then the neighbouring nodes. Every job holding one of
// them is a victim. A repair brings back the lowest-numbered down GPUs of
// the rack.
#pragma once

#include <cstdint>
#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "core/random.hpp"

namespace gwsim::detail {

// Who holds a GPU: a job id, or one of these.
inline constexpr std::uint64_t kFreeGpu = std::numeric_limits<std::uint64_t>::max();
inline constexpr std::uint64_t kDownGpu = kFreeGpu - 1;
inline constexpr std::uint64_t kInferenceGpu = kFreeGpu - 2;
// No domain: a rack at a site without domains, or a take() anywhere at the site.
inline constexpr std::uint32_t kAnyDomain = std::numeric_limits<std::uint32_t>::max();

// `count` GPUs of a rack (the pool's own numbering), from GPU `first`.
struct GpuSeg {
  std::uint32_t rack;
  std::uint32_t first;
  std::uint32_t count;
  bool operator==(const GpuSeg&) const = default;
};

// What a failure hit: the jobs on the failed GPUs (each once, by id), how
// many of its GPUs each lost (gpus[i] for jobs[i]) and how many of them
// served inference.
struct FailureHits {
  std::vector<std::uint64_t> jobs;
  std::vector<std::uint32_t> gpus;
  std::int64_t inference = 0;
};

class RackPool {
 public:
  explicit RackPool(std::size_t sites) : by_free_(sites), inference_racks_(sites), site_domains_(sites) {}

  // Is the inventory's rack `inv_rack` in service here?
  bool known(std::uint32_t inv_rack) const { return inv_rack < local_.size() && local_[inv_rack] != kNone; }
  // Rack `inv_rack` of `site` enters service with `gpus` GPUs up, in nodes
  // of `gpus_per_node`, in the site's fabric domain `domain` (site-local
  // index; kAnyDomain: the site has no domains).
  void add_rack(std::uint32_t site, std::uint32_t inv_rack, std::uint32_t gpus, std::uint32_t gpus_per_node,
                std::uint32_t domain = kAnyDomain);
  // `gpus` down GPUs of rack `inv_rack` come back up (the lowest-numbered).
  void bring_up(std::uint32_t inv_rack, std::uint32_t gpus);
  // Takes `gpus` free GPUs at `site` for `owner` (a job id or kInferenceGpu)
  // by the packing rule, within domain `domain` of the site if not
  // kAnyDomain; appends them to `out`. The site (domain) must have them free.
  void take(std::uint32_t site, std::uint64_t owner, std::int64_t gpus, std::vector<GpuSeg>& out,
            std::uint32_t domain = kAnyDomain);
  // Frees the GPUs of `segs` that `owner` still holds (those gone down stay down).
  void give(std::uint64_t owner, const std::vector<GpuSeg>& segs);
  // Frees `gpus` GPUs serving inference at `site` (the lowest-numbered racks first).
  void give_inference(std::uint32_t site, std::int64_t gpus);
  // `gpus` up GPUs of rack `inv_rack` fail (the blast rule above; at most one
  // draw from `rng`): they go down, and their holders are returned.
  const FailureHits& fail(std::uint32_t inv_rack, std::uint32_t gpus, RandomEngine& rng);
  // The GPUs the last fail() took down (pool rack, GPU index in the rack).
  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& last_failed() const { return failed_; }

  // Fabric domains of `site` (none: it has no domains), in O(1) or O(log domains).
  bool has_domains(std::uint32_t site) const { return !site_domains_[site].order.empty(); }
  std::size_t domains(std::uint32_t site) const { return site_domains_[site].ids.size(); }
  std::int64_t domain_free(std::uint32_t site, std::uint32_t domain) const {
    return domains_[site_domains_[site].ids[domain]].free;
  }
  // The most free GPUs in one domain of `site` (0 without domains).
  std::int64_t largest_free_domain(std::uint32_t site) const {
    return has_domains(site) ? std::prev(site_domains_[site].order.end())->first : 0;
  }
  // The domain of `site` with the fewest free GPUs that still has `gpus`
  // free (the lowest index on a tie), or kAnyDomain if none has.
  std::uint32_t best_fit_domain(std::uint32_t site, std::int64_t gpus) const {
    const auto& order = site_domains_[site].order;
    const auto it = order.lower_bound({gpus, 0});
    return it == order.end() ? kAnyDomain : it->second;
  }

  // Inspection (tests): racks in order of entry into service.
  std::size_t racks() const { return racks_.size(); }
  std::uint32_t rack_of(std::uint32_t inv_rack) const { return local_[inv_rack]; }
  std::uint32_t rack_site(std::uint32_t r) const { return racks_[r].site; }
  std::uint32_t rack_gpus(std::uint32_t r) const { return racks_[r].gpus; }
  std::uint32_t gpus_per_node(std::uint32_t r) const { return racks_[r].per_node; }
  std::uint32_t up(std::uint32_t r) const { return racks_[r].up; }
  std::uint32_t free(std::uint32_t r) const { return racks_[r].free; }
  // The site-local domain of pool rack `r` (kAnyDomain: none).
  std::uint32_t rack_domain(std::uint32_t r) const {
    return racks_[r].domain == kNone ? kAnyDomain : domains_[racks_[r].domain].local;
  }
  std::uint64_t owner(std::uint32_t r, std::uint32_t gpu) const { return owners_[racks_[r].offset + gpu]; }
  std::uint32_t node_free(std::uint32_t r, std::uint32_t node) const {
    return node_free_[racks_[r].node_offset + node];
  }

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  struct Rack {
    std::uint32_t site = 0;
    std::uint32_t gpus = 0, per_node = 1;
    std::uint32_t up = 0, free = 0, inference = 0;
    std::size_t offset = 0;        // of its first GPU in owners_
    std::size_t node_offset = 0;   // of its first node in node_free_
    std::uint32_t domain = kNone;  // index into domains_
  };
  using ByFree = std::set<std::pair<std::uint32_t, std::uint32_t>>;  // (free GPUs, rack), racks with some free
  struct Domain {
    std::uint32_t site = 0, local = 0;
    std::int64_t free = 0;
    ByFree racks;  // its racks with some free GPUs
  };
  struct SiteDomains {
    std::vector<std::uint32_t> ids;                          // site-local index -> index into domains_
    std::set<std::pair<std::int64_t, std::uint32_t>> order;  // (free GPUs, site-local index), every domain
  };

  // The rack to take from for `left` GPUs at `site` (the packing rule).
  static std::uint32_t pick_rack(const ByFree& set, std::int64_t left);
  // Rack `r` of a domain changed its free GPUs from `before`.
  void rekey_domain(std::uint32_t r, std::uint32_t before);
  // Takes `n` free GPUs of rack `r` for `owner` (the rule, by node); appends to `out`.
  void take_in_rack(std::uint32_t r, std::uint64_t owner, std::uint32_t n, std::vector<GpuSeg>& out);
  // Marks the rack's free count changed from `before` (re-keys it in by_free_).
  void rekey(std::uint32_t r, std::uint32_t before);
  // The GPUs a failure of `gpus` in rack `r` takes down, into failed_.
  void choose_failed(std::uint32_t r, std::uint32_t gpus, RandomEngine& rng);
  void note_inference(std::uint32_t r, std::int64_t change);

  std::vector<Rack> racks_;
  std::vector<std::uint64_t> owners_;                     // per GPU, rack by rack
  std::vector<std::uint32_t> node_free_;                  // per node, rack by rack: its free GPUs
  std::vector<std::uint32_t> local_;                      // inventory rack -> pool rack (kNone: not in service)
  std::vector<ByFree> by_free_;                           // per site
  std::vector<std::set<std::uint32_t>> inference_racks_;  // per site: racks with GPUs serving inference
  std::vector<SiteDomains> site_domains_;                 // per site
  std::vector<Domain> domains_;
  // scratch
  std::vector<std::pair<std::uint32_t, std::uint32_t>> failed_;
  FailureHits hits_;
};

}  // namespace gwsim::detail

#include "jobs/rack_pool.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include <boost/random/uniform_int_distribution.hpp>

namespace gwsim::detail {

namespace {

// Appends GPUs [g, g + n) of rack `r` to `out`, extending the last segment if adjacent.
void append(std::vector<GpuSeg>& out, std::uint32_t r, std::uint32_t g, std::uint32_t n = 1) {
  if (!out.empty() && out.back().rack == r && out.back().first + out.back().count == g) out.back().count += n;
  else out.push_back(GpuSeg{r, g, n});
}

}  // namespace

void RackPool::add_rack(std::uint32_t site, std::uint32_t inv_rack, std::uint32_t gpus, std::uint32_t gpus_per_node,
                        std::uint32_t domain) {
  if (inv_rack >= local_.size()) local_.resize(inv_rack + 1, kNone);
  const auto r = static_cast<std::uint32_t>(racks_.size());
  local_[inv_rack] = r;
  Rack rk;
  rk.site = site;
  rk.gpus = gpus;
  rk.per_node = std::max<std::uint32_t>(1, gpus_per_node);
  rk.up = rk.free = gpus;
  rk.offset = owners_.size();
  rk.node_offset = node_free_.size();
  if (domain != kAnyDomain) {
    SiteDomains& sd = site_domains_[site];
    while (sd.ids.size() <= domain) {  // domains form in order (model/fabric.hpp)
      const auto local = static_cast<std::uint32_t>(sd.ids.size());
      sd.ids.push_back(static_cast<std::uint32_t>(domains_.size()));
      domains_.push_back(Domain{site, local, 0, {}});
      sd.order.emplace(0, local);
    }
    rk.domain = sd.ids[domain];
  }
  racks_.push_back(rk);
  owners_.resize(owners_.size() + gpus, kFreeGpu);
  for (std::uint32_t g = 0; g < gpus; g += rk.per_node) node_free_.push_back(std::min(rk.per_node, gpus - g));
  rekey(r, 0);
}

void RackPool::bring_up(std::uint32_t inv_rack, std::uint32_t gpus) {
  const std::uint32_t r = local_[inv_rack];
  Rack& rk = racks_[r];
  const std::uint32_t before = rk.free;
  std::uint64_t* own = &owners_[rk.offset];
  std::uint32_t* nf = &node_free_[rk.node_offset];
  for (std::uint32_t g = 0; g < rk.gpus && gpus > 0; ++g) {
    if (own[g] != kDownGpu) continue;
    own[g] = kFreeGpu;
    ++nf[g / rk.per_node];
    ++rk.up;
    ++rk.free;
    --gpus;
  }
  rekey(r, before);
}

void RackPool::rekey(std::uint32_t r, std::uint32_t before) {
  const Rack& rk = racks_[r];
  if (rk.free == before) return;
  if (rk.domain != kNone) rekey_domain(r, before);
  ByFree& set = by_free_[rk.site];
  if (before > 0 && rk.free > 0) {  // re-key the set's node in place: no allocation
    auto node = set.extract({before, r});
    node.value().first = rk.free;
    set.insert(std::move(node));
  } else if (before > 0) {
    set.erase({before, r});
  } else if (rk.free > 0) {
    set.emplace(rk.free, r);
  }
}

void RackPool::rekey_domain(std::uint32_t r, std::uint32_t before) {
  const Rack& rk = racks_[r];
  Domain& d = domains_[rk.domain];
  auto& order = site_domains_[rk.site].order;
  auto node = order.extract({d.free, d.local});
  d.free += static_cast<std::int64_t>(rk.free) - static_cast<std::int64_t>(before);
  node.value().first = d.free;
  order.insert(std::move(node));
  if (before > 0 && rk.free > 0) {
    auto rn = d.racks.extract({before, r});
    rn.value().first = rk.free;
    d.racks.insert(std::move(rn));
  } else if (before > 0) {
    d.racks.erase({before, r});
  } else {
    d.racks.emplace(rk.free, r);
  }
}

void RackPool::note_inference(std::uint32_t r, std::int64_t change) {
  Rack& rk = racks_[r];
  rk.inference = static_cast<std::uint32_t>(rk.inference + change);
  if (rk.inference == 0) inference_racks_[rk.site].erase(r);
  else inference_racks_[rk.site].insert(r);
}

std::uint32_t RackPool::pick_rack(const ByFree& set, std::int64_t left) {
  const auto need = static_cast<std::uint32_t>(std::min<std::int64_t>(left, kNone));
  auto it = set.lower_bound({need, 0});
  if (it != set.end()) return it->second;  // the fullest rack that fits the rest
  const std::uint32_t most = std::prev(set.end())->first;
  return set.lower_bound({most, 0})->second;  // none fits: the emptiest (lowest-numbered)
}

void RackPool::take(std::uint32_t site, std::uint64_t owner, std::int64_t gpus, std::vector<GpuSeg>& out,
                    std::uint32_t domain) {
  const ByFree& set = domain == kAnyDomain ? by_free_[site] : domains_[site_domains_[site].ids[domain]].racks;
  while (gpus > 0) {
    const std::uint32_t r = pick_rack(set, gpus);
    const auto n = static_cast<std::uint32_t>(std::min<std::int64_t>(gpus, racks_[r].free));
    take_in_rack(r, owner, n, out);
    gpus -= n;
  }
}

void RackPool::take_in_rack(std::uint32_t r, std::uint64_t owner, std::uint32_t n, std::vector<GpuSeg>& out) {
  Rack& rk = racks_[r];
  const std::uint32_t before = rk.free;
  std::uint64_t* own = &owners_[rk.offset];
  const std::uint32_t p = rk.per_node;
  const std::uint32_t nodes = (rk.gpus + p - 1) / p;
  std::uint32_t* nf = &node_free_[rk.node_offset];
  const std::uint32_t whole = n == rk.gpus ? n : 0;  // the whole rack, free: what the loop would do, at once
  if (whole > 0) {
    std::fill(own, own + n, owner);
    std::fill(nf, nf + nodes, 0);
    append(out, r, 0, n);
  }
  for (std::uint32_t left = n - whole; left > 0;) {
    std::uint32_t best = kNone;
    if (left <= p)  // the fullest node that fits the rest
      for (std::uint32_t i = 0; i < nodes && (best == kNone || nf[best] != left); ++i)
        if (nf[i] >= left && (best == kNone || nf[i] < nf[best])) best = i;
    if (best == kNone)  // else the emptiest
      for (std::uint32_t i = 0; i < nodes && (best == kNone || nf[best] != p); ++i)
        if (best == kNone || nf[i] > nf[best]) best = i;
    const std::uint32_t take = std::min(left, nf[best]);
    const std::uint32_t first = best * p, last = std::min(rk.gpus, first + p);
    if (take == last - first) {  // the whole node, free
      std::fill(own + first, own + last, owner);
      append(out, r, first, take);
    } else {
      std::uint32_t taken = 0;
      for (std::uint32_t g = first; g < last && taken < take; ++g) {
        if (own[g] != kFreeGpu) continue;
        own[g] = owner;
        append(out, r, g);
        ++taken;
      }
    }
    nf[best] -= take;
    left -= take;
  }
  rk.free -= n;
  if (owner == kInferenceGpu) note_inference(r, n);
  rekey(r, before);
}

void RackPool::give(std::uint64_t owner, const std::vector<GpuSeg>& segs) {
  std::uint32_t cur = kNone, before = 0;
  for (const GpuSeg& s : segs) {
    if (s.rack != cur) {
      if (cur != kNone) rekey(cur, before);
      cur = s.rack;
      before = racks_[cur].free;
    }
    Rack& rk = racks_[cur];
    std::uint64_t* own = &owners_[rk.offset];
    for (std::uint32_t g = s.first; g < s.first + s.count; ++g) {
      if (own[g] != owner) continue;  // went down since
      own[g] = kFreeGpu;
      ++node_free_[rk.node_offset + g / rk.per_node];
      ++rk.free;
    }
  }
  if (cur != kNone) rekey(cur, before);
}

void RackPool::give_inference(std::uint32_t site, std::int64_t gpus) {
  std::set<std::uint32_t>& racks = inference_racks_[site];
  while (gpus > 0 && !racks.empty()) {
    const std::uint32_t r = *racks.begin();
    Rack& rk = racks_[r];
    const std::uint32_t before = rk.free;
    std::uint64_t* own = &owners_[rk.offset];
    std::int64_t freed = 0;
    for (std::uint32_t g = 0; g < rk.gpus && freed < gpus; ++g) {
      if (own[g] != kInferenceGpu) continue;
      own[g] = kFreeGpu;
      ++node_free_[rk.node_offset + g / rk.per_node];
      ++rk.free;
      ++freed;
    }
    gpus -= freed;
    note_inference(r, -freed);
    rekey(r, before);
  }
}

void RackPool::choose_failed(std::uint32_t r, std::uint32_t gpus, RandomEngine& rng) {
  const Rack& rk = racks_[r];
  const std::uint64_t* own = &owners_[rk.offset];
  failed_.clear();
  std::uint32_t start = 0;
  if (gpus < rk.up) {
    auto k = boost::random::uniform_int_distribution<std::uint32_t>(0, rk.up - 1)(rng);
    std::uint32_t g0 = 0;
    for (; g0 < rk.gpus; ++g0)
      if (own[g0] != kDownGpu && k-- == 0) break;
    start = gpus >= rk.per_node ? g0 / rk.per_node * rk.per_node : g0;
  }
  for (std::uint32_t i = 0; i < rk.gpus && failed_.size() < gpus; ++i) {
    const std::uint32_t g = (start + i) % rk.gpus;
    if (own[g] != kDownGpu) failed_.emplace_back(r, g);
  }
}

const FailureHits& RackPool::fail(std::uint32_t inv_rack, std::uint32_t gpus, RandomEngine& rng) {
  const std::uint32_t r = local_[inv_rack];
  choose_failed(r, gpus, rng);
  Rack& rk = racks_[r];
  const std::uint32_t before = rk.free;
  std::uint64_t* own = &owners_[rk.offset];
  hits_.jobs.clear();
  hits_.inference = 0;
  for (const auto& [rr, g] : failed_) {
    const std::uint64_t o = own[g];
    if (o == kFreeGpu) {
      --rk.free;
      --node_free_[rk.node_offset + g / rk.per_node];
    } else if (o == kInferenceGpu) ++hits_.inference;
    else hits_.jobs.push_back(o);
    own[g] = kDownGpu;
    --rk.up;
  }
  if (hits_.inference > 0) note_inference(r, -hits_.inference);
  // each job once, by id, with the GPUs it lost
  std::sort(hits_.jobs.begin(), hits_.jobs.end());
  hits_.gpus.clear();
  std::size_t n = 0;
  for (const std::uint64_t id : hits_.jobs) {  // compacts in place: n never passes the element read
    if (n > 0 && hits_.jobs[n - 1] == id) {
      ++hits_.gpus[n - 1];
      continue;
    }
    hits_.jobs[n++] = id;
    hits_.gpus.push_back(1);
  }
  hits_.jobs.resize(n);
  rekey(r, before);
  return hits_;
}

}  // namespace gwsim::detail

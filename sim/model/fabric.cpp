#include "model/fabric.hpp"

#include <algorithm>
#include <utility>

#include "model/columns.hpp"

namespace gwsim {

std::size_t MaxTree::push() {
  if (size_ == leaves_) {
    const std::size_t leaves = std::max<std::size_t>(1, 2 * leaves_);
    std::vector<std::int64_t> tree(2 * leaves, 0);
    std::copy_n(tree_.begin() + static_cast<std::ptrdiff_t>(leaves_), size_,
                tree.begin() + static_cast<std::ptrdiff_t>(leaves));
    for (std::size_t i = leaves - 1; i >= 1; --i) tree[i] = std::max(tree[2 * i], tree[2 * i + 1]);
    tree_ = std::move(tree);
    leaves_ = leaves;
  }
  return size_++;
}

void MaxTree::set(std::size_t i, std::int64_t v) {
  i += leaves_;
  tree_[i] = v;
  for (i /= 2; i >= 1; i /= 2) {
    const std::int64_t m = std::max(tree_[2 * i], tree_[2 * i + 1]);
    if (tree_[i] == m) break;  // the maxima above are unchanged too
    tree_[i] = m;
  }
}

Fabric::Fabric(const Scenario& s, std::function<std::uint32_t(std::uint32_t)> building_of,
               std::function<void(std::uint32_t, std::int64_t)> on_largest)
    : s_(s), building_of_(std::move(building_of)), on_largest_(std::move(on_largest)), sites_(s.sites.size()) {
  for (const Sku& k : s.skus)
    skus_.push_back(SkuRule{k.gpus_per_rack,
                            k.tolerated_nodes_down < 0 ? -1 : std::int64_t{k.tolerated_nodes_down} * k.gpus_per_node});
  for (std::uint32_t si = 0; si < s.sites.size(); ++si) {
    sites_[si].first_open = static_cast<std::uint32_t>(open_.size());
    open_.resize(open_.size() + s.sites[si].buildings.size(), kNone);
    if (s.sites[si].racks_per_domain == 0) sites_[si].whole = new_domain(si);
    else trivial_ = false;
  }
  for (const SkuRule& k : skus_) trivial_ = trivial_ && k.max_down < 0;
  trivial_ = trivial_ && !on_largest_;
}

std::uint32_t Fabric::new_domain(std::uint32_t site) {
  const auto slot = static_cast<std::uint32_t>(sites_[site].domains.push());
  domains_.push_back(Domain{site, slot, 0, 0});
  return static_cast<std::uint32_t>(domains_.size() - 1);
}

std::int64_t Fabric::domain_racks(std::uint32_t site, std::size_t d) const {
  std::size_t seen = 0;
  for (const Domain& dom : domains_)  // for tests and reports, not per event
    if (dom.site == site && seen++ == d) return dom.racks;
  return 0;
}

// Rack `rack` entered service at `site`: the domain being filled in its
// building, or a new one when that is full.
std::uint32_t Fabric::join_domain(std::uint32_t site, std::uint32_t rack) {
  const std::int64_t per_domain = s_.sites[site].racks_per_domain;
  std::uint32_t d = sites_[site].whole;
  if (per_domain > 0) {
    std::uint32_t& open = open_[sites_[site].first_open + building_of_(rack)];
    if (open == kNone || domains_[open].racks >= per_domain) open = new_domain(site);
    d = open;
  }
  ++domains_[d].racks;
  return d;
}

// One domain at the site and no rule for the SKU: every GPU up counts, no
// per-rack state is read (the default, and the common case at scale).
bool Fabric::whole_site(std::uint32_t site, std::uint32_t sku) const {
  return sites_[site].whole != kNone && skus_[sku].max_down < 0;
}

void Fabric::gpus_up(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) {
  if (whole_site(site, sku)) {
    if (rack >= entered_.size()) entered_.resize(rack + 1, false);
    if (!entered_[rack]) {
      entered_[rack] = true;
      ++domains_[sites_[site].whole].racks;
    }
    add(site, sites_[site].whole, gpus);
    return;
  }
  if (rack >= racks_.size()) racks_.resize(rack + 1);
  if (racks_[rack].domain == kNone) racks_[rack].domain = join_domain(site, rack);
  change(site, sku, rack, gpus);
}

void Fabric::gpus_down(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) {
  if (whole_site(site, sku)) add(site, sites_[site].whole, -gpus);
  else change(site, sku, rack, -gpus);
}

void Fabric::change(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) {
  RackState& r = racks_[rack];
  const std::int64_t before = healthy(sku, r.up);
  r.up = static_cast<std::uint32_t>(static_cast<std::int64_t>(r.up) + gpus);
  const std::int64_t delta = healthy(sku, r.up) - before;
  if (delta != 0) add(site, r.domain, delta);
}

void Fabric::add(std::uint32_t site, std::uint32_t domain, std::int64_t delta) {
  Domain& d = domains_[domain];
  d.healthy += delta;
  SiteState& st = sites_[site];
  st.healthy += delta;
  const std::int64_t largest = st.domains.max();
  st.domains.set(d.slot, d.healthy);
  if (on_largest_ && st.domains.max() != largest) on_largest_(site, st.domains.max());
}

void Fabric::bind_columns(Recorder& rec) {
  auto most = [this](std::int64_t (Fabric::*per_site)(std::uint32_t) const) {
    return [this, per_site] {
      std::int64_t m = 0;
      for (std::uint32_t si = 0; si < sites_.size(); ++si) m = std::max(m, (this->*per_site)(si));
      return static_cast<double>(m);
    };
  };
  rec.bind(columns::largest_run_gpus, most(&Fabric::largest_run_gpus));
  // a multi-domain run may also span a cluster's sites (docs/jobs.md, "Fabric domains")
  rec.bind(columns::largest_multi_domain_run_gpus, [this, per_site = most(&Fabric::multi_domain_run_gpus)] {
    double m = per_site();
    if (s_.workloads)
      for (const Cluster& c : s_.workloads->clusters) {
        std::int64_t sum = 0;
        for (int si : c.sites) sum += multi_domain_run_gpus(static_cast<std::uint32_t>(si));
        m = std::max(m, static_cast<double>(sum));
      }
    return m;
  });
  rec.bind_sites(columns::largest_run_gpus, [this](std::span<double> out) {
    for (std::uint32_t si = 0; si < out.size(); ++si) out[si] = static_cast<double>(largest_run_gpus(si));
  });
  rec.bind_sites(columns::largest_multi_domain_run_gpus, [this](std::span<double> out) {
    for (std::uint32_t si = 0; si < out.size(); ++si) out[si] = static_cast<double>(multi_domain_run_gpus(si));
  });
}

}  // namespace gwsim

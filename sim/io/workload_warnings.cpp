#include "io/workload_warnings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gwsim::detail {

namespace {

void check_checkpoint_cost(std::vector<WorkloadWarning>& out, const std::string& pointer, const std::string& name,
                           double checkpoint_hours, double cost_hours) {
  if (checkpoint_hours <= 0 || cost_hours < checkpoint_hours) return;
  out.push_back(WorkloadWarning{
      "plausibility.checkpoint_cost", pointer + "/checkpoint_cost_hours",
      fmt::format("\"{}\" writes a checkpoint of {:g} h every {:g} h of work: at least half its time goes to "
                  "checkpoints (is checkpoint_cost_hours in minutes? it is in hours)",
                  name, cost_hours, checkpoint_hours)});
}

// A JSON pointer `base` + "/" + `key`, with `key` escaped (site names may hold '/' or '~').
std::string child(const std::string& base, const std::string& key) {
  return (nlohmann::json::json_pointer(base) / key).to_string();
}

// What reservation `r` asks at each site it touches: GPUs, with the pointer to say so.
struct Ask {
  std::size_t r;
  double gpus;
  std::string pointer;
};

std::vector<std::vector<Ask>> asks_by_site(const Scenario& s, const std::vector<double>& planned) {
  const Workloads& w = *s.workloads;
  std::vector<std::vector<Ask>> out(s.sites.size());
  for (std::size_t r = 0; r < w.reservations.size(); ++r) {
    const Reservation& res = w.reservations[r];
    const std::string rp = fmt::format("/workloads/reservations/{}", r);
    if (res.cluster >= 0) {
      for (int m : w.clusters[static_cast<std::size_t>(res.cluster)].sites)
        out[static_cast<std::size_t>(m)].push_back(
            Ask{r, std::floor(res.share * planned[static_cast<std::size_t>(m)]), rp + "/share"});
    } else {
      for (std::size_t k = 0; k < res.sites.size(); ++k) {
        const auto site = static_cast<std::size_t>(res.sites[k]);
        out[site].push_back(Ask{r, static_cast<double>(res.gpus[k]), child(rp + "/sites", s.sites[site].name)});
      }
    }
  }
  return out;
}

// At each site: a reservation larger than its planned GPUs; else the first
// instant at which reservations active together exceed them.
void check_reservation_sizes(std::vector<WorkloadWarning>& out, const Scenario& s) {
  const std::vector<double> planned = planned_gpus_by_site(s);
  const std::vector<Reservation>& rs = s.workloads->reservations;
  const std::vector<std::vector<Ask>> asks = asks_by_site(s, planned);
  for (std::size_t site = 0; site < asks.size(); ++site) {
    const std::string& name = s.sites[site].name;
    bool oversize = false;
    for (const Ask& a : asks[site]) {
      if (a.gpus <= planned[site]) continue;
      oversize = true;
      out.push_back(WorkloadWarning{
          "plausibility.reservation_size", a.pointer,
          fmt::format("reservation \"{}\" holds {:g} GPUs at \"{}\", which can never hold more than {:g} (its "
                      "ordered racks): the promise keeps others out of GPUs that never come",
                      rs[a.r].name, a.gpus, name, planned[site])});
    }
    if (oversize) continue;
    // the sum of the active reservations peaks at a start: try each start in order
    for (const Ask& a : asks[site]) {
      const Tick t = rs[a.r].start;
      double sum = 0;
      std::size_t count = 0;
      for (const Ask& b : asks[site])
        if (rs[b.r].start <= t && t < rs[b.r].end) {
          sum += b.gpus;
          ++count;
        }
      if (count < 2 || sum <= planned[site]) continue;
      out.push_back(WorkloadWarning{
          "plausibility.reservation_overlap", a.pointer,
          fmt::format("when reservation \"{}\" starts, {} reservations at \"{}\" hold {:g} GPUs together, more than "
                      "the {:g} the site can ever hold (its ordered racks)",
                      rs[a.r].name, count, name, sum, planned[site])});
      break;  // one finding per site
    }
  }
}

void check_reservation_holders(std::vector<WorkloadWarning>& out, const Scenario& s) {
  const Workloads& w = *s.workloads;
  const std::vector<double> planned = planned_gpus_by_site(s);
  for (std::size_t r = 0; r < w.reservations.size(); ++r) {
    const Reservation& res = w.reservations[r];
    const std::string rp = fmt::format("/workloads/reservations/{}", r);
    if (res.holder == ReservationHolder::training) {
      const TrainingRun& run = w.training[static_cast<std::size_t>(res.training_run)];
      if (res.end <= run.submit)
        out.push_back(WorkloadWarning{
            "plausibility.reservation_before_run", rp + "/end",
            fmt::format("reservation \"{}\" ends before its training run \"{}\" is submitted: it only keeps others "
                        "out of its GPUs",
                        res.name, run.name)});
    }
    if (res.cluster >= 0) {
      const Cluster& c = w.clusters[static_cast<std::size_t>(res.cluster)];
      double gpus = 0;
      for (int m : c.sites) gpus += planned[static_cast<std::size_t>(m)];
      if (gpus == 0)
        out.push_back(WorkloadWarning{
            "plausibility.reservation_empty_cluster", rp + "/cluster",
            fmt::format("reservation \"{}\" takes a share of cluster \"{}\", whose sites have no racks ordered: it "
                        "reserves nothing",
                        res.name, c.name)});
    }
  }
}

void check_training_runs(std::vector<WorkloadWarning>& out, const Scenario& s) {
  const Workloads& w = *s.workloads;
  std::int64_t node_gpus = 1;  // a standby node: the largest node of the scenario's SKUs (docs/jobs.md)
  for (const Sku& k : s.skus) node_gpus = std::max<std::int64_t>(node_gpus, k.gpus_per_node);
  for (std::size_t i = 0; i < w.training.size(); ++i) {
    const TrainingRun& t = w.training[i];
    const std::string tp = fmt::format("/workloads/training/{}", i);
    const std::int64_t nodes = (t.gpus + node_gpus - 1) / node_gpus;
    if (t.standby_nodes > nodes)
      out.push_back(WorkloadWarning{
          "plausibility.standby_nodes", tp + "/standby_nodes",
          fmt::format("\"{}\" keeps {} standby nodes beside its {} nodes ({} GPUs, {} per node): more spares than "
                      "nodes that can fail",
                      t.name, t.standby_nodes, nodes, t.gpus, node_gpus)});
    if (t.standby_nodes > 0 && t.swap_minutes > t.restart_hours * 60.0)
      out.push_back(WorkloadWarning{
          "plausibility.swap_minutes", tp + "/swap_minutes",
          fmt::format("\"{}\" swaps in a standby in {:g} min, slower than a restart ({:g} min): standbys gain "
                      "nothing (is swap_minutes in seconds? restart_hours in minutes?)",
                      t.name, t.swap_minutes, t.restart_hours * 60.0)});
    if (t.elastic && t.elastic_min_fraction < kImplausibleElasticFraction)
      out.push_back(WorkloadWarning{
          "plausibility.elastic_min_fraction", tp + "/elastic/min_fraction",
          fmt::format("\"{}\" continues on as little as {:g} of its GPUs: below {:g} (assumed) a run would rather "
                      "stop and wait",
                      t.name, t.elastic_min_fraction, kImplausibleElasticFraction)});
  }
}

// preemptible means something only where jobs take GPUs back: a reservation, or inference that preempts.
void check_preemptible(std::vector<WorkloadWarning>& out, const Workloads& w) {
  if (!w.reservations.empty() || (w.inference && w.inference->preempt)) return;
  const auto warn = [&out](const std::string& pointer, const std::string& name) {
    out.push_back(WorkloadWarning{
        "plausibility.preemptible", pointer + "/preemptible",
        fmt::format("\"{}\" is preemptible, but no reservation and no preempting inference can take GPUs back: it "
                    "changes nothing",
                    name)});
  };
  for (std::size_t i = 0; i < w.streams.size(); ++i)
    if (w.streams[i].preemptible) warn(fmt::format("/workloads/streams/{}", i), w.streams[i].name);
  for (std::size_t i = 0; i < w.traces.size(); ++i)
    if (w.traces[i].preemptible) warn(fmt::format("/workloads/traces/{}", i), w.traces[i].name);
}

// A training run confined to one fabric domain (not multi_domain, not on a
// cluster) whose GPUs (with its standbys) exceed every domain it could ever
// have: racks_per_domain x the largest gpus_per_rack ordered for each of its
// allowed sites (a site without domains holds any run). It never starts.
void check_domain_fit(std::vector<WorkloadWarning>& out, const Scenario& s, std::size_t i) {
  const TrainingRun& t = s.workloads->training[i];
  if (t.multi_domain || t.cluster >= 0) return;
  std::int64_t node_gpus = 1;
  for (const Sku& k : s.skus) node_gpus = std::max<std::int64_t>(node_gpus, k.gpus_per_node);
  const std::int64_t gpus = t.gpus + t.standby_nodes * node_gpus;
  std::int64_t largest = 0;
  for (std::size_t si = 0; si < s.sites.size(); ++si) {
    if (t.site >= 0 && static_cast<std::size_t>(t.site) != si) continue;
    if (s.sites[si].racks_per_domain == 0) return;
    std::int64_t per_rack = 0;
    for (const Order& o : s.orders)
      if (static_cast<std::size_t>(o.site) == si)
        per_rack = std::max<std::int64_t>(per_rack, s.skus[static_cast<std::size_t>(o.sku)].gpus_per_rack);
    largest = std::max(largest, s.sites[si].racks_per_domain * per_rack);
  }
  if (gpus <= largest) return;
  out.push_back(WorkloadWarning{
      "feasibility.fabric_domain", fmt::format("/workloads/training/{}/gpus", i),
      fmt::format("\"{}\" needs {} GPUs within one fabric domain, but no domain of the sites it may use holds more "
                  "than {} (racks_per_domain x gpus_per_rack): it never starts (docs/jobs.md, \"Fabric domains\")",
                  t.name, gpus, largest)});
}

}  // namespace

std::vector<double> planned_gpus_by_site(const Scenario& s) {
  std::vector<double> racks(s.sites.size(), 0.0), gpus(s.sites.size(), 0.0);
  for (const Order& o : s.orders)
    for (const Delivery& d : o.deliveries) {
      racks[static_cast<std::size_t>(o.site)] += static_cast<double>(d.racks);
      gpus[static_cast<std::size_t>(o.site)] +=
          static_cast<double>(d.racks) * s.skus[static_cast<std::size_t>(o.sku)].gpus_per_rack;
    }
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    double slots = 0;
    for (const Building& b : s.sites[i].buildings) slots += static_cast<double>(b.rack_slots);
    if (slots < racks[i]) gpus[i] = std::floor(gpus[i] * slots / racks[i]);  // the racks beyond the slots never come
  }
  return gpus;
}

std::vector<WorkloadWarning> workload_warnings(const Scenario& s) {
  std::vector<WorkloadWarning> out;
  if (!s.workloads) return out;
  const Workloads& w = *s.workloads;
  for (std::size_t i = 0; i < w.streams.size(); ++i)
    check_checkpoint_cost(out, fmt::format("/workloads/streams/{}", i), w.streams[i].name,
                          w.streams[i].checkpoint_hours, w.streams[i].checkpoint_cost_hours);
  for (std::size_t i = 0; i < w.training.size(); ++i)
    check_checkpoint_cost(out, fmt::format("/workloads/training/{}", i), w.training[i].name,
                          w.training[i].checkpoint_hours, w.training[i].checkpoint_cost_hours);
  for (std::size_t i = 0; i < w.traces.size(); ++i)
    check_checkpoint_cost(out, fmt::format("/workloads/traces/{}", i), w.traces[i].name, w.traces[i].checkpoint_hours,
                          w.traces[i].checkpoint_cost_hours);
  check_reservation_sizes(out, s);
  check_reservation_holders(out, s);
  check_training_runs(out, s);
  for (std::size_t i = 0; i < w.training.size(); ++i) check_domain_fit(out, s, i);
  check_preemptible(out, w);
  return out;
}

}  // namespace gwsim::detail

// The workloads section of a scenario: the queue policy and the jobs.
#include <algorithm>

#include <fmt/format.h>

#include "io/scenario_reader.hpp"
#include "io/trace_csv.hpp"

namespace gwsim::detail {

namespace {

// `checkpoint_cost_hours` of a job with `checkpoint_hours` (0: none), at
// `q`: hours >= 0, and only with checkpoints (docs/jobs.md).
double checkpoint_cost(const Reader& r, const json& j, const Ptr& q, double checkpoint_hours) {
  const json* c = Reader::optional(j, "checkpoint_cost_hours");
  if (c == nullptr) return 0.0;
  const double cost = r.number(*c, q / "checkpoint_cost_hours", Range{0.0, 1e5});
  if (checkpoint_hours <= 0)
    r.fail("scenario.missing_key", q / "checkpoint_hours", "'checkpoint_cost_hours' needs 'checkpoint_hours'");
  return cost;
}

}  // namespace

void ScenarioReader::workloads(const json& j, const Ptr& p) {
  r_.object(j, p,
            {"policy", "backfill_depth", "fair_share_half_life_days", "streams", "training", "traces", "inference",
             "cpu_pool", "clusters", "reservations"});
  Workloads w;
  if (const json* cl = Reader::optional(j, "clusters")) clusters(*cl, p / "clusters", w);
  if (const json* cp = Reader::optional(j, "cpu_pool")) cpu_pool(*cp, p / "cpu_pool", w);
  policy(j, p, w);
  if (const json* st = Reader::optional(j, "streams")) {
    const json& a = r_.array(*st, p / "streams", 0);
    for (std::size_t i = 0; i < a.size(); ++i) w.streams.push_back(stream(a[i], p / "streams" / i, w));
  }
  if (const json* tr = Reader::optional(j, "training")) {
    const json& a = r_.array(*tr, p / "training", 0);
    for (std::size_t i = 0; i < a.size(); ++i) w.training.push_back(training_run(a[i], p / "training" / i, w));
  }
  if (const json* tr = Reader::optional(j, "traces")) {
    const json& a = r_.array(*tr, p / "traces", 0);
    for (std::size_t i = 0; i < a.size(); ++i) w.traces.push_back(trace(a[i], p / "traces" / i));
  }
  if (const json* in = Reader::optional(j, "inference")) w.inference = inference(*in, p / "inference");
  if (const json* rs = Reader::optional(j, "reservations"))
    reservations(*rs, p / "reservations", w, w.inference.has_value());
  s_.workloads = std::move(w);
}

void ScenarioReader::clusters(const json& j, const Ptr& p, Workloads& w) {
  const json& a = r_.array(j, p, 0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Ptr q = p / i;
    r_.object(a[i], q, {"name", "sites", "throughput"});
    Cluster c;
    c.name = r_.string(a[i], q, "name", true);
    for (const Cluster& other : w.clusters)
      if (other.name == c.name)
        r_.fail("scenario.duplicate", q / "name", fmt::format("cluster name \"{}\" is already used", c.name));
    const json& sa = r_.array(r_.required(a[i], q, "sites"), q / "sites", 2);
    for (std::size_t k = 0; k < sa.size(); ++k) {
      const std::string name = r_.string(sa[k], q / "sites" / k, true);
      const int site = site_index(name, q / "sites" / k);
      if (std::find(c.sites.begin(), c.sites.end(), site) != c.sites.end())
        r_.fail("scenario.duplicate", q / "sites" / k, fmt::format("site \"{}\" is listed twice", name));
      c.sites.push_back(site);
    }
    // a run's speed while it spans more than one site (docs/jobs.md, "Fabric domains")
    if (const json* th = Reader::optional(a[i], "throughput"))
      c.throughput = r_.number(*th, q / "throughput", Range{0.0, 1.0, true, false});
    w.clusters.push_back(std::move(c));
  }
}

void ScenarioReader::cpu_pool(const json& j, const Ptr& q, Workloads& w) {
  r_.object(j, q, {"name", "vcpus"});
  CpuPool pool;
  pool.name = r_.string(j, q, "name", true);
  steps(r_.required(j, q, "vcpus"), q / "vcpus", "vcpus", 1'000'000'000'000LL, pool.dates, pool.vcpus);
  w.cpu_pool = std::move(pool);
}

// The queue policy and its parameters.
void ScenarioReader::policy(const json& j, const Ptr& p, Workloads& w) {
  const std::string policy = r_.string(j, p, "policy", true);
  if (policy == "fifo") w.policy = Policy::fifo;
  else if (policy == "priority") w.policy = Policy::priority;
  else if (policy == "easy_backfill") w.policy = Policy::easy_backfill;
  else if (policy == "fair_share") w.policy = Policy::fair_share;
  else
    r_.fail("scenario.range", p / "policy",
            fmt::format("expected \"fifo\", \"priority\", \"easy_backfill\" or \"fair_share\", got \"{}\"", policy));
  if (const json* h = Reader::optional(j, "fair_share_half_life_days"))
    w.fair_share_half_life_days = r_.number(*h, p / "fair_share_half_life_days", Range{0.0, 36500.0, true, false});
  if (const json* d = Reader::optional(j, "backfill_depth"))
    w.backfill_depth = static_cast<int>(r_.integer(*d, p / "backfill_depth", 1, 100'000));
}

JobStream ScenarioReader::stream(const json& j, const Ptr& q, const Workloads& w) {
  r_.object(j, q,
            {"name", "tenant", "priority", "start", "end", "arrivals_per_hour", "gpus", "vcpus", "duration_hours",
             "max_gpus", "max_vcpus", "max_jobs", "checkpoint_hours", "checkpoint_cost_hours", "preemptible"});
  JobStream js;
  js.name = r_.string(j, q, "name", true);
  js.tenant = js.name;
  if (const json* t = Reader::optional(j, "tenant")) js.tenant = r_.string(*t, q / "tenant", true);
  if (const json* pr = Reader::optional(j, "priority"))
    js.priority = static_cast<int>(r_.integer(*pr, q / "priority", -1'000'000, 1'000'000));
  js.start = date(j, q, "start");
  js.end = date(j, q, "end");
  if (js.end <= js.start) r_.fail("scenario.order", q / "end", "a stream's end must be after its start");
  js.arrivals_per_hour = r_.number(j, q, "arrivals_per_hour", Range{0.0, 1e7, true, false});
  const json* g = Reader::optional(j, "gpus");
  const json* v = Reader::optional(j, "vcpus");
  if ((g == nullptr) == (v == nullptr))
    r_.fail(g ? "scenario.unknown_key" : "scenario.missing_key", g ? q / "vcpus" : q / "gpus",
            "a stream needs exactly one of 'gpus' (GPU jobs) and 'vcpus' (jobs on the CPU pool)");
  js.cpu = v != nullptr;
  if (js.cpu && w.cpu_pool == std::nullopt)
    r_.fail("scenario.reference", q / "vcpus", "a stream of CPU jobs needs a 'cpu_pool' in the workloads");
  if (js.cpu && Reader::optional(j, "max_gpus"))
    r_.fail("scenario.unknown_key", q / "max_gpus", "a CPU stream is capped with 'max_vcpus'");
  if (!js.cpu && Reader::optional(j, "max_vcpus"))
    r_.fail("scenario.unknown_key", q / "max_vcpus", "a GPU stream is capped with 'max_gpus'");
  js.gpus = distribution(js.cpu ? *v : *g, q / (js.cpu ? "vcpus" : "gpus"), true);
  if (const json* m = Reader::optional(j, "max_vcpus")) js.max_gpus = r_.integer(*m, q / "max_vcpus", 1, 100'000'000);
  js.duration_hours = distribution(r_.required(j, q, "duration_hours"), q / "duration_hours", true);
  if (const json* m = Reader::optional(j, "max_gpus")) js.max_gpus = r_.integer(*m, q / "max_gpus", 1, 100'000'000);
  if (const json* m = Reader::optional(j, "max_jobs"))
    js.max_jobs = r_.integer(*m, q / "max_jobs", 1, 30'000'000, "scenario.limit");
  if (const json* c = Reader::optional(j, "checkpoint_hours"))
    js.checkpoint_hours = r_.number(*c, q / "checkpoint_hours", Range{0.0, 1e5, true, false});
  js.checkpoint_cost_hours = checkpoint_cost(r_, j, q, js.checkpoint_hours);
  if (const json* pe = Reader::optional(j, "preemptible")) js.preemptible = r_.boolean(*pe, q / "preemptible");
  if (js.cpu && js.preemptible)
    r_.fail("scenario.unknown_key", q / "preemptible", "only GPU jobs are preemptible (reservations are of GPUs)");
  // expected arrivals over the stream's window, bounded before anything is allocated
  const double expected = js.arrivals_per_hour * to_hours(js.end - js.start);
  // about 200 bytes of state per job: 3e7 jobs is some 6 GB
  if (js.max_jobs == 0 && expected > 3e7)
    r_.fail(
        "scenario.limit", q / "arrivals_per_hour",
        fmt::format("about {:.3g} jobs would arrive; the limit is 3e7 per stream (set max_jobs to cap it)", expected));
  return js;
}

TrainingRun ScenarioReader::training_run(const json& j, const Ptr& q, const Workloads& w) {
  r_.object(
      j, q,
      {"name", "submit", "gpus", "wall_hours", "gpu_hours", "checkpoint_hours", "checkpoint_cost_hours",
       "restart_hours", "priority", "site", "cluster", "standby_nodes", "swap_minutes", "elastic", "multi_domain"});
  TrainingRun t;
  t.name = r_.string(j, q, "name", true);
  t.submit = date(j, q, "submit");
  t.gpus = r_.integer(j, q, "gpus", 1, 100'000'000, "scenario.limit");
  const json* wall = Reader::optional(j, "wall_hours");
  const json* gh = Reader::optional(j, "gpu_hours");
  if ((wall == nullptr) == (gh == nullptr))
    r_.fail(wall ? "scenario.unknown_key" : "scenario.missing_key", wall ? q / "gpu_hours" : q / "wall_hours",
            "a training run needs exactly one of 'wall_hours' and 'gpu_hours'");
  t.wall_hours = wall ? r_.number(*wall, q / "wall_hours", Range{0.0, 1e6, true, false})
                      : r_.number(*gh, q / "gpu_hours", Range{0.0, 1e13, true, false}) / static_cast<double>(t.gpus);
  t.checkpoint_hours = r_.number(j, q, "checkpoint_hours", Range{0.0, 1e5, true, false});
  t.checkpoint_cost_hours = checkpoint_cost(r_, j, q, t.checkpoint_hours);
  t.restart_hours = r_.number(j, q, "restart_hours", Range{0.0, 1e5});
  if (const json* pr = Reader::optional(j, "priority"))
    t.priority = static_cast<int>(r_.integer(*pr, q / "priority", -1'000'000, 1'000'000));
  if (const json* si = Reader::optional(j, "site")) t.site = site_index(r_.string(*si, q / "site", true), q / "site");
  if (const json* cl = Reader::optional(j, "cluster")) {
    if (t.site >= 0)
      r_.fail("scenario.unknown_key", q / "cluster", "a training run takes 'site' or 'cluster', not both");
    const std::string name = r_.string(*cl, q / "cluster", true);
    auto it = std::find_if(w.clusters.begin(), w.clusters.end(), [&](const Cluster& c) { return c.name == name; });
    if (it == w.clusters.end())
      r_.fail("scenario.reference", q / "cluster", fmt::format("no cluster named \"{}\"", name));
    t.cluster = static_cast<int>(it - w.clusters.begin());
  }
  // standbys and elastic runs (docs/jobs.md)
  if (const json* sn = Reader::optional(j, "standby_nodes"))
    t.standby_nodes = r_.integer(*sn, q / "standby_nodes", 0, 1'000'000);
  if (const json* sm = Reader::optional(j, "swap_minutes")) {
    if (t.standby_nodes == 0)
      r_.fail("scenario.missing_key", q / "standby_nodes", "'swap_minutes' needs 'standby_nodes' of at least 1");
    t.swap_minutes = r_.number(*sm, q / "swap_minutes", Range{0.0, 1e6});
  }
  if (const json* el = Reader::optional(j, "elastic")) {
    r_.object(*el, q / "elastic", {"min_fraction"});
    t.elastic = true;
    t.elastic_min_fraction = r_.number(*el, q / "elastic", "min_fraction", Range{0.0, 1.0, true, false});
  }
  // may span a site's fabric domains (docs/jobs.md, "Fabric domains"):
  // false, true (at full speed) or {"throughput": x}, x in (0, 1]
  if (const json* md = Reader::optional(j, "multi_domain")) {
    if (md->is_object()) {
      r_.object(*md, q / "multi_domain", {"throughput"});
      t.multi_domain = true;
      t.multi_domain_throughput = r_.number(*md, q / "multi_domain", "throughput", Range{0.0, 1.0, true, false});
    } else {
      if (!md->is_boolean())
        r_.fail("scenario.type", q / "multi_domain", "expected true, false or {\"throughput\": x}");
      t.multi_domain = md->get<bool>();
    }
  }
  return t;
}

JobTrace ScenarioReader::trace(const json& j, const Ptr& q) {
  r_.object(j, q,
            {"name", "file", "start", "gpu_scale", "time_scale", "priority", "checkpoint_hours",
             "checkpoint_cost_hours", "preemptible"});
  JobTrace t;
  t.name = r_.string(j, q, "name", true);
  const std::string rel = r_.string(j, q, "file", true);
  t.start = date(j, q, "start");
  if (const json* g = Reader::optional(j, "gpu_scale"))
    t.gpu_scale = r_.number(*g, q / "gpu_scale", Range{0.0, 1e6, true, false});
  if (const json* ts = Reader::optional(j, "time_scale"))
    t.time_scale = r_.number(*ts, q / "time_scale", Range{0.0, 1e6, true, false});
  if (const json* pr = Reader::optional(j, "priority"))
    t.priority = static_cast<int>(r_.integer(*pr, q / "priority", -1'000'000, 1'000'000));
  if (const json* c = Reader::optional(j, "checkpoint_hours"))
    t.checkpoint_hours = r_.number(*c, q / "checkpoint_hours", Range{0.0, 1e5, true, false});
  t.checkpoint_cost_hours = checkpoint_cost(r_, j, q, t.checkpoint_hours);
  if (const json* pe = Reader::optional(j, "preemptible")) t.preemptible = r_.boolean(*pe, q / "preemptible");
  // the CSV's path is relative to the scenario file
  const std::filesystem::path path = (std::filesystem::path(r_.file()).parent_path() / rel).lexically_normal();
  t.file = path.string();
  read_trace_csv(t, path, cal_, r_.file(), q / "file");
  return t;
}

Inference ScenarioReader::inference(const json& j, const Ptr& q) {
  r_.object(j, q, {"name", "demand", "preempt", "sites", "max_gpus_per_site"});
  Inference inf;
  inf.name = r_.string(j, q, "name", true);
  inf.preempt = r_.boolean(r_.required(j, q, "preempt"), q / "preempt");
  steps(r_.required(j, q, "demand"), q / "demand", "gpus", 1'000'000'000, inf.dates, inf.gpus);
  if (const json* si = Reader::optional(j, "sites")) {
    const json& a = r_.array(*si, q / "sites", 1);
    for (std::size_t k = 0; k < a.size(); ++k) {
      const std::string name = r_.string(a[k], q / "sites" / k, true);
      const int site = site_index(name, q / "sites" / k);
      if (std::find(inf.sites.begin(), inf.sites.end(), site) != inf.sites.end())
        r_.fail("scenario.duplicate", q / "sites" / k, fmt::format("site \"{}\" is listed twice", name));
      inf.sites.push_back(site);
    }
  }
  if (const json* mc = Reader::optional(j, "max_gpus_per_site")) {
    if (!mc->is_object()) r_.fail("scenario.type", q / "max_gpus_per_site", "expected an object of GPUs by site name");
    inf.site_caps.assign(s_.sites.size(), -1);
    for (const auto& [name, gpus] : mc->items())
      inf.site_caps[static_cast<std::size_t>(site_index(name, q / "max_gpus_per_site" / name))] =
          r_.integer(gpus, q / "max_gpus_per_site" / name, 0, 1'000'000'000, "scenario.limit");
  }
  return inf;
}

void ScenarioReader::steps(const json& j, const Ptr& p, const std::string& key, std::int64_t max,
                           std::vector<Tick>& dates, std::vector<std::int64_t>& values) {
  const json& a = r_.array(j, p, 1);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Ptr e = p / i;
    r_.object(a[i], e, {"date", key});
    const Tick t = date(a[i], e, "date");
    if (!dates.empty() && t <= dates.back()) r_.fail("scenario.order", e / "date", "dates must be strictly increasing");
    dates.push_back(t);
    values.push_back(r_.integer(a[i], e, key, 0, max, "scenario.limit"));
  }
}

}  // namespace gwsim::detail

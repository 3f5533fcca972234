// The milestones section of a scenario (docs/scenarios.md, "Milestones").
#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "io/scenario_reader.hpp"
#include "model/milestones.hpp"

namespace gwsim::detail {

void ScenarioReader::milestones(const Ptr& root) {
  const json* ms = Reader::optional(doc_, "milestones");
  if (ms == nullptr) return;
  const json& a = r_.array(*ms, root / "milestones", 0, kMaxMilestones);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Ptr p = root / "milestones" / i;
    Milestone m = milestone(a[i], p);
    for (const Milestone& other : s_.milestones)
      if (other.name == m.name)
        r_.fail("scenario.duplicate", p / "name", fmt::format("milestone name \"{}\" is already used", m.name));
    s_.milestones.push_back(std::move(m));
  }
}

Milestone ScenarioReader::milestone(const json& j, const Ptr& p) {
  r_.object(j, p, {"name", "metric", "threshold", "fraction", "site", "provider", "sku", "run", "deadline"});
  Milestone m;
  m.name = r_.string(j, p, "name", true);
  const std::string metric = r_.string(j, p, "metric", true);
  const auto names = milestone_metrics();
  auto it = std::find_if(names.begin(), names.end(), [&](const auto& n) { return n.name == metric; });
  if (it == names.end()) {
    std::string all;
    for (const auto& n : names) all += fmt::format("{}\"{}\"", all.empty() ? "" : ", ", n.name);
    r_.fail("scenario.range", p / "metric", fmt::format("unknown metric \"{}\" (expected one of {})", metric, all));
  }
  m.metric = it->metric;
  if (Reader::optional(j, "deadline") != nullptr) {
    const Tick t = date(j, p, "deadline");
    m.deadline_iso = cal_.format_date(t);
    m.deadline = t + days(1);  // met if reached by the end of that day
  }
  if (m.metric == MilestoneMetric::training_run) {
    milestone_run(j, p, m);
    return m;
  }
  if (Reader::optional(j, "run") != nullptr)
    r_.fail("scenario.unknown_key", p / "run", "'run' belongs to a training_run milestone");
  if (m.metric == MilestoneMetric::largest_run_gpus)
    for (const char* key : {"sku", "fraction"})
      if (Reader::optional(j, key) != nullptr)
        r_.fail("scenario.unknown_key", p / key,
                fmt::format("a largest_run_gpus milestone takes no '{}' (a threshold in GPUs, of any SKU in a "
                            "fabric domain)",
                            key));
  milestone_filters(j, p, m);
  const json* th = Reader::optional(j, "threshold");
  const json* fr = Reader::optional(j, "fraction");
  if ((th == nullptr) == (fr == nullptr))
    r_.fail(th ? "scenario.unknown_key" : "scenario.missing_key", th ? p / "fraction" : p / "threshold",
            "a milestone needs exactly one of 'threshold' (absolute) and 'fraction' (of what is ordered)");
  m.fraction = fr != nullptr;
  m.threshold = th ? r_.number(*th, p / "threshold", kPositive) : r_.number(*fr, p / "fraction", Range{0.0, 1.0, true});
  if (m.fraction && !anything_planned(m))
    r_.fail("scenario.reference", p / "fraction",
            m.metric == MilestoneMetric::energized_mw
                ? "a fraction of nothing: the sites kept by the filters plan no power stage"
                : "a fraction of nothing: no order matches the milestone's site, provider and SKU filters");
  return m;
}

// Whether the scenario orders (plans, for power) anything the milestone's filters keep.
bool ScenarioReader::anything_planned(const Milestone& m) const {
  auto kept = [](const std::vector<int>& only, int i) {
    return only.empty() || std::find(only.begin(), only.end(), i) != only.end();
  };
  if (m.metric == MilestoneMetric::energized_mw) {
    for (std::size_t si = 0; si < s_.sites.size(); ++si)
      if (kept(m.sites, static_cast<int>(si)) && !s_.sites[si].power_stages.empty()) return true;
    return false;
  }
  for (const Order& o : s_.orders)
    if (kept(m.sites, o.site) && kept(m.skus, o.sku))
      for (const Delivery& d : o.deliveries)
        if (d.racks > 0) return true;
  return false;
}

// A training_run milestone: the run named `run` finished; no threshold, no filter.
void ScenarioReader::milestone_run(const json& j, const Ptr& p, Milestone& m) {
  for (const char* key : {"threshold", "fraction", "site", "provider", "sku"})
    if (Reader::optional(j, key) != nullptr)
      r_.fail("scenario.unknown_key", p / key,
              fmt::format("a training_run milestone takes no '{}' (it is reached when the run finishes)", key));
  const std::string run = r_.string(j, p, "run", true);
  if (s_.workloads) {
    const std::vector<TrainingRun>& t = s_.workloads->training;
    auto it = std::find_if(t.begin(), t.end(), [&](const TrainingRun& x) { return x.name == run; });
    if (it != t.end()) {
      m.training_run = static_cast<int>(it - t.begin());
      return;
    }
  }
  r_.fail("scenario.reference", p / "run", fmt::format("no training run named \"{}\" in workloads.training", run));
}

// The site, provider and SKU filters, as index lists (empty: all).
void ScenarioReader::milestone_filters(const json& j, const Ptr& p, Milestone& m) {
  const json* site = Reader::optional(j, "site");
  const json* provider = Reader::optional(j, "provider");
  if (site != nullptr || provider != nullptr) {
    const int only = site ? site_index(r_.string(*site, p / "site", true), p / "site") : -1;
    const std::string prov = provider ? r_.string(*provider, p / "provider", true) : std::string();
    for (std::size_t si = 0; si < s_.sites.size(); ++si)
      if ((only < 0 || static_cast<int>(si) == only) && (provider == nullptr || s_.sites[si].provider == prov))
        m.sites.push_back(static_cast<int>(si));
    if (m.sites.empty())
      r_.fail("scenario.reference", provider ? p / "provider" : p / "site",
              site ? fmt::format("site \"{}\" is not of provider \"{}\"", s_.sites[static_cast<std::size_t>(only)].name,
                                 prov)
                   : fmt::format("no site of provider \"{}\"", prov));
  }
  if (const json* sku = Reader::optional(j, "sku")) {
    if (m.metric == MilestoneMetric::energized_mw)
      r_.fail("scenario.unknown_key", p / "sku", "facility power belongs to a site, not a SKU: drop 'sku'");
    const std::string name = r_.string(*sku, p / "sku", true);
    auto it = std::find_if(s_.skus.begin(), s_.skus.end(), [&](const Sku& k) { return k.name == name; });
    if (it == s_.skus.end()) r_.fail("scenario.reference", p / "sku", fmt::format("no SKU named \"{}\"", name));
    m.skus.push_back(static_cast<int>(it - s_.skus.begin()));
  }
}

}  // namespace gwsim::detail

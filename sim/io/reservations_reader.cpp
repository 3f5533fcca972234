// workloads.reservations: capacity promised to one holder (docs/jobs.md,
// "Reservations"; keys in docs/scenarios.md).
#include <algorithm>

#include <fmt/format.h>

#include "io/scenario_reader.hpp"

namespace gwsim::detail {

namespace {

// The holder: {"training": run} | {"inference": true} | {"tenant": name}.
void holder(const Reader& r, const json& j, const Ptr& q, const Workloads& w, bool has_inference, Reservation& res) {
  r.object(j, q, {"training", "inference", "tenant"});
  if (j.size() != 1)
    r.fail(j.empty() ? "scenario.missing_key" : "scenario.unknown_key", q,
           "'for' names exactly one of 'training', 'inference' and 'tenant'");
  if (const json* t = Reader::optional(j, "training")) {
    const std::string name = r.string(*t, q / "training", true);
    auto it =
        std::find_if(w.training.begin(), w.training.end(), [&](const TrainingRun& run) { return run.name == name; });
    if (it == w.training.end())
      r.fail("scenario.reference", q / "training", fmt::format("no training run named \"{}\"", name));
    res.holder = ReservationHolder::training;
    res.training_run = static_cast<int>(it - w.training.begin());
  } else if (const json* i = Reader::optional(j, "inference")) {
    if (!r.boolean(*i, q / "inference"))
      r.fail("scenario.range", q / "inference", "'inference' is true (a reservation for the inference service)");
    if (!has_inference)
      r.fail("scenario.reference", q / "inference",
             "a reservation for inference needs an 'inference' in the workloads");
    res.holder = ReservationHolder::inference;
  } else if (const json* tn = Reader::optional(j, "tenant")) {
    res.holder = ReservationHolder::tenant;
    res.tenant = r.string(*tn, q / "tenant", true);
  }
}

}  // namespace

void ScenarioReader::reservations(const json& j, const Ptr& p, Workloads& w, bool has_inference) {
  const json& a = r_.array(j, p, 0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Ptr q = p / i;
    r_.object(a[i], q, {"name", "start", "end", "sites", "cluster", "share", "for"});
    Reservation res;
    res.name = r_.string(a[i], q, "name", true);
    for (const Reservation& other : w.reservations)
      if (other.name == res.name)
        r_.fail("scenario.duplicate", q / "name", fmt::format("reservation name \"{}\" is already used", res.name));
    res.start = date(a[i], q, "start");
    if (Reader::optional(a[i], "end")) {
      res.end = date(a[i], q, "end");
      if (res.end <= res.start) r_.fail("scenario.order", q / "end", "a reservation's end must be after its start");
    }
    const json* sites = Reader::optional(a[i], "sites");
    const json* cluster = Reader::optional(a[i], "cluster");
    if ((sites == nullptr) == (cluster == nullptr))
      r_.fail(sites ? "scenario.unknown_key" : "scenario.missing_key", sites ? q / "cluster" : q / "sites",
              "a reservation takes exactly one of 'sites' (GPUs by site) and 'cluster' (with 'share')");
    if (sites != nullptr) {
      if (Reader::optional(a[i], "share"))
        r_.fail("scenario.unknown_key", q / "share", "'share' goes with 'cluster'; 'sites' gives GPUs by site");
      if (!sites->is_object())
        r_.fail("scenario.type", q / "sites", "expected an object of GPUs by site name, e.g. {\"Abilene\": 60000}");
      if (sites->empty())
        r_.fail("scenario.missing_key", q / "sites", "a reservation reserves GPUs at one site or more");
      for (const auto& [name, gpus] : sites->items()) {
        res.sites.push_back(site_index(name, q / "sites" / name));
        res.gpus.push_back(r_.integer(gpus, q / "sites" / name, 1, 100'000'000, "scenario.limit"));
      }
    } else {
      const std::string name = r_.string(*cluster, q / "cluster", true);
      auto it = std::find_if(w.clusters.begin(), w.clusters.end(), [&](const Cluster& c) { return c.name == name; });
      if (it == w.clusters.end())
        r_.fail("scenario.reference", q / "cluster", fmt::format("no cluster named \"{}\"", name));
      res.cluster = static_cast<int>(it - w.clusters.begin());
      res.share = r_.number(a[i], q, "share", Range{0.0, 1.0, true, false});
    }
    holder(r_, r_.required(a[i], q, "for"), q / "for", w, has_inference, res);
    w.reservations.push_back(std::move(res));
  }
}

}  // namespace gwsim::detail

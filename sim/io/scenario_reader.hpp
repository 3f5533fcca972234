// gwsim/sim/io/scenario_reader.hpp -- a merged scenario document validated
// and converted to model units (internal to the loader; scenario_from_json
// in loader.hpp is the public way in).
//
//   Scenario s = detail::ScenarioReader(doc, "s.json").read();
//
// One member function per section of the format (docs/scenarios.md):
//   scenario_reader.cpp   the top level, the horizon, dates and distributions
//   fleet_reader.cpp      catalog, sites, orders, contracts
//   workloads_reader.cpp  workloads (clusters, CPU pool, streams, training, traces, inference)
//   milestones_reader.cpp milestones
// Every rejection is a ScenarioError with the JSON pointer of the value;
// independent parts are read on after an error (error_list.hpp), so that the
// ScenarioError thrown at the end holds every error found.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/distribution.hpp"
#include "core/time.hpp"
#include "io/error_list.hpp"
#include "io/reader.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

// docs/scenarios.md, "Limits": absurd input is rejected before any large allocation.
inline constexpr std::int64_t kMaxRacksPerBatch = 10'000'000;
inline constexpr std::int64_t kMaxRacksTotal = 100'000'000;
inline constexpr std::int64_t kMaxCount = 1'000'000;  // crews, technicians, spare nodes
inline constexpr int kMaxYears = 100;
inline constexpr double kMaxTotalPowerMw = 1e6;
inline constexpr std::size_t kMaxSites = 10'000;
inline constexpr std::size_t kMaxOrders = 100'000;
inline constexpr std::size_t kMaxMilestones = 10'000;

class ScenarioReader {
 public:
  ScenarioReader(const json& doc, const std::string& file) : doc_(doc), r_(file), cal_("2000-01-01") {}

  // Reads the whole document; call once.
  Scenario read();

 private:
  // scenario_reader.cpp
  void read_sections();
  void header(const Ptr& root);
  void horizon(const Ptr& root);
  // The date obj[key], inside the horizon, as a tick.
  Tick date(const json& obj, const Ptr& p, const std::string& key);
  // {"dist": ...}; a duration's law cannot go negative.
  Distribution distribution(const json& j, const Ptr& p, bool duration);
  // The index of the site named `name` (read before), or scenario.reference at `at`.
  int site_index(const std::string& name, const Ptr& at) const;

  // fleet_reader.cpp
  void catalog(const Ptr& root);
  Sku sku(const std::string& name, const json& j, const Ptr& p);
  FailureClass failure_class(const json& j, const Ptr& q);
  void sites(const Ptr& root);
  Site site(const json& j, const Ptr& p);
  void power_stages(const json& j, const Ptr& p, Site& s);
  void orders(const Ptr& root);
  void order(const json& j, const Ptr& p, std::int64_t& total_racks);
  void order_target(const json& j, const Ptr& p, Order& o);
  void deliveries(const json& j, const Ptr& p, Order& o);
  void schedule(const json& j, const Ptr& q, Order& o);
  void contracts(const Ptr& root);
  void contract(const json& j, const Ptr& p);  // contracts_reader.cpp
  // reliability_reader.cpp (docs/model.md, "Reliability")
  void sku_reliability(const json& j, const Ptr& p, Sku& k);
  TwoStageRepair repair_stages(const json& j, const Ptr& p);
  RepairStage repair_stage(const json& j, const Ptr& p, double hours, double not_fixed_prob);
  void lemon_policy(const Ptr& root);
  void failure_replay(const Ptr& root);
  // grid_reader.cpp (docs/power.md): sites[].grid, power_stages[].equipment/slip_days/grid
  void site_grid(const json& j, const Ptr& p, Site& s);
  // power_swings_reader.cpp (docs/power.md, "Power swings of training runs")
  void power_swings(const Ptr& root);
  void sku_power_swings(const json& j, const Ptr& p, Sku& k);
  // construction_reader.cpp (docs/power.md, "Construction"): buildings[].construction, construction_crews
  void site_construction(const json& j, const Ptr& p, Site& s);
  // prices_reader.cpp (docs/power.md, "Prices and carbon")
  void site_prices(const json& j, const Ptr& p, Site& s);
  DatedSteps dated_steps(const json& j, const Ptr& p);  // [{"from": date, "value": number >= 0}, ...]
  void sku_carbon(const json& j, const Ptr& p, Sku& k);
  // generation_reader.cpp (docs/power.md, "On-site generation, batteries and the power ledger"): generation, battery
  void site_generation(const json& j, const Ptr& p, Site& s);
  void site_curtailment(const json& j, const Ptr& p, Site& s);  // curtailment_reader.cpp
  void lifecycle(const Ptr& root);                              // lifecycle_reader.cpp (with sku_lifecycle, refresh)
  void sku_lifecycle(const json& j, const Ptr& p, Sku& k);
  Refresh refresh(const json& j, const Ptr& q);
  Generation generation_unit(const json& j, const Ptr& q);
  void generation_fuel(const json& u, const Ptr& q, Generation& g);

  // costs_reader.cpp (docs/money.md): costs beyond energy_usd_per_mwh; sites[]/orders[] ownership and contract
  void costs(const Ptr& root);
  void ownership(const Ptr& root);
  void order_ownership(const json& j, const Ptr& p, Order& o);
  // workloads_reader.cpp
  void workloads(const json& j, const Ptr& p);
  void clusters(const json& j, const Ptr& p, Workloads& w);
  void cpu_pool(const json& j, const Ptr& q, Workloads& w);
  void policy(const json& j, const Ptr& p, Workloads& w);
  JobStream stream(const json& j, const Ptr& q, const Workloads& w);
  TrainingRun training_run(const json& j, const Ptr& q, const Workloads& w);
  JobTrace trace(const json& j, const Ptr& q);
  Inference inference(const json& j, const Ptr& q);
  // reservations_reader.cpp: workloads.reservations (after training, clusters and inference)
  void reservations(const json& j, const Ptr& p, Workloads& w, bool has_inference);
  // A step function over time: [{"date": ..., key: integer}, ...], dates strictly increasing.
  void steps(const json& j, const Ptr& p, const std::string& key, std::int64_t max, std::vector<Tick>& dates,
             std::vector<std::int64_t>& values);

  // milestones_reader.cpp
  void milestones(const Ptr& root);
  Milestone milestone(const json& j, const Ptr& p);
  void milestone_run(const json& j, const Ptr& p, Milestone& m);
  void milestone_filters(const json& j, const Ptr& p, Milestone& m);
  bool anything_planned(const Milestone& m) const;

  const json& doc_;
  Reader r_;
  Calendar cal_;
  Scenario s_;
  std::map<std::string, int> site_index_;
  double total_power_mw_ = 0;
  ErrorList errors_;
  bool sites_unnamed_ = false;  // a site's name could not be read: references to it are not errors
};

}  // namespace gwsim::detail

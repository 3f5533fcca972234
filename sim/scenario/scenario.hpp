// gwsim/sim/scenario/scenario.hpp -- a validated scenario, in model units.
//
// Produced only by load_scenario() (loader.hpp), so every value here has
// passed the checks documented in docs/scenarios.md: dates are ticks since
// `start`, references are indices, durations are non-negative.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/distribution.hpp"
#include "core/time.hpp"
#include "scenario/money.hpp"
#include "scenario/power_supply.hpp"

namespace gwsim {

enum class Blast : std::uint8_t { gpu, node, rack };

struct FailureClass {
  std::string name;
  double mtbf_gpu_hours = 0;  // mean GPU-hours between failures, per GPU
  double weibull_shape = 1.0;
  Blast blast = Blast::node;
  Distribution repair_hours = Fixed{0.0};
};

// Lemon racks (docs/model.md, "Lemons"): a share of a SKU's racks, drawn when
// each enters service, fail at `rate_multiplier` times the base rate.
struct Lemons {
  double fraction = 0;
  double rate_multiplier = 1;
};

struct Sku {
  std::string name;
  int gpus_per_rack = 0;
  int gpus_per_node = 0;
  double rack_power_kw = 0;
  double fp8_pflops_per_gpu = 0;
  double bf16_pflops_per_gpu = 0;
  double hbm_gb_per_gpu = 0;
  double capex_usd_per_rack = 0;
  std::vector<FailureClass> failure_classes;
  Lemons lemons;
  // A rack with more nodes than this down is cordoned: its other GPUs are
  // out of service too until repairs bring it back within the rule (CoreWeave's
  // NVL72 rule: 2). -1: no rule (a rack serves whatever GPUs are up).
  int tolerated_nodes_down = -1;
  double embodied_tco2_per_rack = 0;  // docs/power.md, "Prices and carbon"
  double rack_storage_peak_cut = 0;   // share of a power step the rack's energy storage absorbs (GB300: up to 0.3)
  // docs/money.md: years in service before retirement (and the depreciation life); 0: costs.it_life_years
  double life_years = 0;
  double resale_share = 0;  // share of the rack's capex recovered when it retires
};

// One stage of a two-stage repair (docs/model.md, "Repairs").
struct RepairStage {
  Distribution hours = Fixed{0.0};
  double not_fixed_prob = 0;  // the repair did not fix the fault: the rack fails again soon
};

// Automated repair first, manual repair (a technician, a spare) when the
// automated one did not fix the fault; an unfixed fault fails the rack again
// after `refail_hours`.
struct TwoStageRepair {
  RepairStage automated;
  RepairStage manual;
  Distribution refail_hours = Fixed{1.0};
};

// After `failures` failures of one rack within `window_days`, the rack is
// cordoned for `cordon_days` or retired for good.
enum class LemonAction : std::uint8_t { cordon, retire };
struct LemonPolicy {
  int failures = 0;
  double window_days = 0;
  LemonAction action = LemonAction::retire;
  double cordon_days = 0;
};

// Failures replayed from a CSV (docs/model.md, "Replayed failures").
struct ReplayedFailure {
  Tick t = 0;
  int site = 0;
  int rack = -1;           // the site's rack in order of entering service; -1: `gpus` anywhere at the site
  std::int64_t gpus = 0;   // GPUs taken down (with rack = -1), else the class's blast radius
  int failure_class = -1;  // index into the rack's SKU's failure_classes; -1: by `gpus`
};
struct FailureReplay {
  std::string file;                       // as resolved, for messages
  std::vector<ReplayedFailure> failures;  // sorted by t
  bool stochastic = true;                 // the stochastic model runs too
};

struct Building {
  std::string name;
  std::int64_t rack_slots = 0;
  Tick ready = 0;
  std::optional<Construction> construction;  // docs/power.md, "Construction"
};

struct PowerStage {
  Tick date = 0;
  double power_mw = 0;                    // facility MW added
  std::vector<Equipment> equipment;       // energized once all have arrived (docs/power.md)
  std::optional<Distribution> slip_days;  // this stage's slip; else the site's stage_slip_days
  bool grid = true;                       // a grid tranche: waits for the site's interconnection, if any
};

struct Site {
  std::string name;
  std::string provider;
  double pue = 1.0;
  double max_rack_power_kw = 0;
  std::vector<Building> buildings;
  std::vector<PowerStage> power_stages;
  std::optional<Distribution> stage_slip_days;
  // install
  int crews = 1;
  double racks_per_crew_per_week = 1;
  double burn_in_hours = 0;
  double burn_in_fail_prob = 0;
  // repair
  int technicians = 1;
  std::int64_t spare_nodes = 0;
  double spare_restock_days = 1;
  std::optional<TwoStageRepair> repair_stages;
  // fabric: racks form scale-out domains (pods) of this many racks inside a
  // building (docs/jobs.md, "Fabric domains"); 0: one domain per site.
  std::int64_t racks_per_domain = 0;
  // power as a supply chain (docs/power.md)
  std::optional<GridInterconnection> grid;
  std::vector<Generation> generation;
  std::optional<Battery> battery;
  std::optional<Curtailment> curtailment;
  int construction_crews = 0;  // buildings built at once (0: no limit)
  SitePrices prices;
  Ownership ownership = Ownership::owned;  // docs/money.md
};

struct Delivery {
  Tick date = 0;  // scheduled ship date
  std::int64_t racks = 0;
};

struct Order {
  std::string name;
  int sku = 0;                       // index into Scenario::skus
  int site = 0;                      // index into Scenario::sites
  std::vector<Delivery> deliveries;  // a `schedule` is expanded into these
  double lead_time_days = 0;
  std::optional<Distribution> slip_days;
  // docs/money.md: owned (capex, depreciation) or leased under `contract` (index into
  // Scenario::contracts; -1: none named); the reader resolves it from the site's ownership
  Ownership ownership = Ownership::owned;
  int contract = -1;
};

struct Contract {
  std::string name;
  std::string provider;
  double total_usd = 0;
  Tick start = 0;
  double term_years = 0;
  bool take_or_pay = false;
  double usd_per_gpu_hour = 0;
  // docs/money.md: GPUs committed by date; prices per SKU (else usd_per_gpu_hour); the share of
  // the price of committed GPU-hours not delivered that the provider credits back
  ContractRamp ramp;
  std::vector<SkuPrice> sku_prices;
  double late_credit_share = 0;
};

enum class Policy : std::uint8_t { fifo, priority, easy_backfill, fair_share };

// Jobs arriving at random (docs/scenarios.md, "Workloads").
struct JobStream {
  std::string name;
  std::string tenant;
  int priority = 0;
  Tick start = 0;
  Tick end = 0;
  double arrivals_per_hour = 0;
  Distribution gpus = Fixed{1.0};
  Distribution duration_hours = Fixed{1.0};
  std::int64_t max_gpus = 1'000'000;
  std::int64_t max_jobs = 0;         // 0: unlimited
  double checkpoint_hours = 0;       // 0: an interrupted job restarts from scratch
  double checkpoint_cost_hours = 0;  // paused per checkpoint written (docs/jobs.md)
  bool cpu = false;                  // runs on the CPU pool; `gpus` then counts vCPUs
  bool preemptible = false;          // may run on GPUs reserved for others, and yields them
};

// One gang-scheduled training run.
struct TrainingRun {
  std::string name;
  Tick submit = 0;
  std::int64_t gpus = 1;
  double wall_hours = 0;  // hours of work at `gpus` GPUs
  double checkpoint_hours = 1;
  double checkpoint_cost_hours = 0;  // paused per checkpoint written (docs/jobs.md)
  double restart_hours = 0;
  int priority = 0;
  int site = -1;     // -1: any single site
  int cluster = -1;  // index into Workloads::clusters: may span its sites
  // Warm standby nodes held beside the run's GPUs: a node failure costs a
  // swap of `swap_minutes`, not a requeue, while standbys last (docs/jobs.md).
  std::int64_t standby_nodes = 0;
  double swap_minutes = 0;
  // Elastic: continues on fewer GPUs (down to elastic_min_fraction of `gpus`)
  // at proportional speed instead of stopping.
  bool elastic = false;
  double elastic_min_fraction = 1;
  // Its GPUs may span a site's fabric domains, at this share of full speed.
  bool multi_domain = false;
  double multi_domain_throughput = 1;
};

// Sites whose GPUs one gang-scheduled job may span (e.g. campuses joined by a
// scale-out fabric).
struct Cluster {
  std::string name;
  std::vector<int> sites;
  double throughput = 1;  // a run's speed, as a share, while it spans more than one site
};

// Capacity promised to one holder (docs/jobs.md, "Reservations"): GPUs at
// named sites, or a share of a cluster's GPUs up, from `start` to `end`.
enum class ReservationHolder : std::uint8_t { training, inference, tenant };
struct Reservation {
  std::string name;
  Tick start = 0;
  Tick end = kFarFuture;
  std::vector<int> sites;  // with `gpus`: GPUs reserved at each
  std::vector<std::int64_t> gpus;
  int cluster = -1;  // or a share of this cluster's GPUs up
  double share = 0;
  ReservationHolder holder = ReservationHolder::training;
  int training_run = -1;  // holder training: index into Workloads::training
  std::string tenant;     // holder tenant
};

// Jobs replayed from a CSV trace (public GPU cluster traces' columns).
struct JobTrace {
  std::string name;
  std::string file;       // as resolved, for messages
  Tick start = 0;         // the trace's first submission maps here
  double gpu_scale = 1;   // GPUs per job are multiplied by this (rounded up)
  double time_scale = 1;  // submission offsets are multiplied by this
  int priority = 0;
  double checkpoint_hours = 0;
  double checkpoint_cost_hours = 0;
  bool preemptible = false;          // may run on GPUs reserved for others, and yields them
  std::vector<double> submit_hours;  // from the trace's first submission, sorted
  std::vector<std::int64_t> gpus;
  std::vector<double> duration_hours;
  std::vector<std::uint32_t> tenant;  // index into tenants
  std::vector<std::string> tenants;   // the trace's users ("" when the trace has none)
  std::int64_t skipped_cpu_jobs = 0;  // rows with gpu_num 0
};

// Inference: a demand curve of GPUs, served before any queued job.
struct Inference {
  std::string name;
  std::vector<Tick> dates;  // piecewise constant: gpus[i] from dates[i]
  std::vector<std::int64_t> gpus;
  bool preempt = false;                 // may interrupt running jobs to meet demand
  std::vector<int> sites;               // pinned to these sites (empty: any)
  std::vector<std::int64_t> site_caps;  // by site index: most GPUs it may take there (-1: no cap); empty: none
};

// A pool of vCPUs for CPU work (e.g. agents' tools), growing in dated steps.
struct CpuPool {
  std::string name;
  std::vector<Tick> dates;  // pool size vcpus[i] from dates[i]
  std::vector<std::int64_t> vcpus;
};

struct Workloads {
  Policy policy = Policy::fifo;
  int backfill_depth = 256;
  double fair_share_half_life_days = 7;
  std::vector<JobStream> streams;
  std::vector<TrainingRun> training;
  std::vector<JobTrace> traces;
  std::optional<Inference> inference;
  std::optional<CpuPool> cpu_pool;
  std::vector<Cluster> clusters;
  std::vector<Reservation> reservations;
};

// What a milestone measures (docs/scenarios.md, "Milestones").
enum class MilestoneMetric : std::uint8_t {
  gpus_in_service,   // GPUs up in racks in service
  racks_in_service,  // racks that passed burn-in
  fp8_pflops,        // dense FP8 PFLOPS of the GPUs up
  bf16_pflops,       // dense BF16 PFLOPS of the GPUs up
  h100e,             // H100 equivalents of the GPUs up (scenario/catalog.hpp)
  energized_mw,      // facility power energized
  training_run,      // a named training run finished
  largest_run_gpus,  // GPUs of the largest training run that could start now (docs/jobs.md, "Fabric domains")
};

// Reached at the first instant the metric, over the sites and SKUs its filters
// keep, is at least the threshold (a training run: when it completes).
struct Milestone {
  std::string name;
  MilestoneMetric metric = MilestoneMetric::gpus_in_service;
  double threshold = 0;          // absolute, in the metric's unit; or a fraction of what is ordered
  bool fraction = false;         // threshold is a fraction (0, 1] of the ordered (planned, for MW) amount
  std::vector<int> sites;        // empty: all (a `site` or `provider` filter, as site indices)
  std::vector<int> skus;         // empty: all
  int training_run = -1;         // index into Workloads::training (metric training_run)
  std::optional<Tick> deadline;  // reached before this instant (the end of the deadline's day) meets it
  std::string deadline_iso;      // "YYYY-MM-DD", as written
};

struct Scenario {
  std::string file;  // path it was loaded from
  std::string name;
  std::string description;
  std::vector<std::string> sources;
  std::string start_iso;  // "YYYY-MM-DD"
  std::string end_iso;
  Tick end = 0;  // ticks since start
  std::uint64_t seed = 1;
  std::vector<Sku> skus;  // built-ins first, then the scenario's catalog
  std::vector<Site> sites;
  std::vector<Order> orders;
  double energy_usd_per_mwh = 0;
  std::vector<Contract> contracts;
  bool failures_enabled = true;
  std::optional<LemonPolicy> lemon_policy;
  std::optional<FailureReplay> failure_replay;
  std::optional<Workloads> workloads;
  std::vector<Milestone> milestones;
  std::optional<PowerSwings> power_swings;
  std::optional<Costs> costs;          // docs/money.md: the money model runs when present
  std::optional<Lifecycle> lifecycle;  // docs/money.md, "Fleet lifecycle"
};

}  // namespace gwsim

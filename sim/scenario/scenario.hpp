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

namespace gwsim {

enum class Blast : std::uint8_t { gpu, node, rack };

struct FailureClass {
  std::string name;
  double mtbf_gpu_hours = 0;  // mean GPU-hours between failures, per GPU
  double weibull_shape = 1.0;
  Blast blast = Blast::node;
  Distribution repair_hours = Fixed{0.0};
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
};

struct Building {
  std::string name;
  std::int64_t rack_slots = 0;
  Tick ready = 0;
};

struct PowerStage {
  Tick date = 0;
  double power_mw = 0;  // facility MW added
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
};

struct Contract {
  std::string name;
  std::string provider;
  double total_usd = 0;
  Tick start = 0;
  double term_years = 0;
  bool take_or_pay = false;
  double usd_per_gpu_hour = 0;
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
};

// Sites whose GPUs one gang-scheduled job may span (e.g. campuses joined by a
// scale-out fabric).
struct Cluster {
  std::string name;
  std::vector<int> sites;
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
  bool preempt = false;  // may interrupt running jobs to meet demand
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
  std::optional<Workloads> workloads;
  std::vector<Milestone> milestones;
};

}  // namespace gwsim

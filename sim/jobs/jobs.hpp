// gwsim/sim/jobs/jobs.hpp -- job queues on the growing fleet.
//
// Jobs (random streams, gang-scheduled training runs and replayed traces, from a scenario's
// "workloads") wait in one queue and run on GPUs that the buildout model
// brings online, each job within a single site (or the sites of a declared
// cluster); CPU jobs run on a separate pool of vCPUs. Failures that hit a
// running job interrupt it: it loses the work since its last checkpoint and
// waits for capacity again. Policies: FIFO, priority, EASY backfilling, fair share.
//
//   gwsim::Engine eng;
//   gwsim::Buildout fleet(eng, scenario, seed);
//   gwsim::JobSystem jobs(eng, scenario, fleet, seed);   // listens to the fleet
//   eng.run_until(fleet.horizon());
//   jobs.finish();
//   jobs.summary(); jobs.jobs();
//
// JobSystem is the wiring (jobs/jobs.cpp) of one component per concept:
// jobs/job_sources (streams, training runs, traces), jobs/job_table (the
// rows and each job's run state), jobs/job_queue (with jobs/policy),
// jobs/placement, jobs/backfill (EASY), jobs/gpu_sites and jobs/cpu_pool
// (the capacity jobs hold, jobs/capacity), jobs/inference, jobs/job_stats.
// The model and its assumptions: docs/jobs.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "jobs/power_swings.hpp"
#include "model/buildout.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

enum class JobSource : std::uint8_t { stream, training, trace };
// What a job runs on: GPUs at the sites, or vCPUs of the CPU pool.
enum class JobResource : std::uint8_t { gpu, cpu };

struct JobRow {
  std::uint64_t id = 0;
  JobSource kind = JobSource::stream;
  JobResource resource = JobResource::gpu;  // the unit of `gpus` and of the *_gpu_hours fields
  std::uint32_t source = 0;                 // index of its stream, training run or trace
  std::uint32_t tenant = 0;                 // for traces: index into the trace's users
  int priority = 0;
  // Units the job holds at a start, what placement and the queue count:
  // GPUs, or vCPUs when resource == cpu. For a training run with standby
  // nodes, its `gpus` plus its standby_gpus (docs/jobs.md, "Standbys"; 0 for
  // every other job). jobs.csv's `gpus` is working_units(), its `standby_gpus` standby_gpus.
  std::int64_t gpus = 0;
  std::int64_t standby_gpus = 0;
  std::int64_t working_units() const { return gpus - standby_gpus; }  // its `gpus` key (standbys excluded)
  // Where it last ran: a site index (its first site, for a cluster job); for
  // a CPU job the number of sites (the CPU pool comes after them); -1: never ran.
  int site = -1;
  int cluster = -1;  // the cluster it may span, if any
  Tick submit = 0;
  Tick first_start = -1;  // -1: never started
  Tick end = -1;          // -1: not completed
  double run_hours = 0;   // wall hours holding its GPUs (vCPUs)
  std::uint32_t interruptions = 0;
  // GPU-hours (vCPU-hours for CPU jobs): restart time, checkpoint writes and
  // work lost since the last checkpoint; and work that counted.
  double lost_gpu_hours = 0;
  double useful_gpu_hours = 0;
  bool completed = false;
};

struct TrainingSummary {
  std::string name;
  std::uint32_t interruptions = 0;
  double effective_training_time = 0;  // useful wall hours / wall hours since its first start
  double lost_gpu_hours = 0;
  bool completed = false;
  Tick end = -1;
  // When not completed, what stood at the end (io/explain.hpp says it in words):
  double work_done = 0;         // fraction of its work done (running: with the progress since its last checkpoint)
  bool started = false;         // it started at least once
  bool running_at_end = false;  // it was running; else it waited in the queue
  std::int64_t gpus = 0;        // GPUs it needs at once (with its standby GPUs)
  std::int64_t most_gpus_up_at_end = 0;  // GPUs up at the end where it may run: its site, cluster or best site
  // A run confined to one fabric domain, at sites that all have domains (docs/jobs.md, "Fabric domains"):
  // the healthy GPUs of the largest domain at the end where it may run; -1 otherwise.
  std::int64_t largest_domain_gpus_at_end = -1;
  // Standbys and elastic runs (docs/jobs.md): swaps (failures absorbed by a
  // swap to a standby, counted in interruptions too), GPU-hours of its standby
  // GPUs on hand, idle (neither useful nor lost), and wall hours run on fewer
  // GPUs than its `gpus` (standbys excluded).
  bool standbys_or_elastic = false;  // the run declares standby nodes or is elastic
  std::uint32_t swaps = 0;
  double standby_gpu_hours = 0;
  double elastic_hours = 0;
};

struct JobsSummary {
  std::uint64_t submitted = 0, started = 0, completed = 0, interruptions = 0;
  double wait_mean_hours = 0, wait_p50_hours = 0, wait_p90_hours = 0, wait_p99_hours = 0, wait_max_hours = 0;
  double utilization = 0;  // busy GPU-hours / up GPU-hours
  double goodput = 0;      // useful GPU-hours / busy GPU-hours
  double useful_gpu_hours = 0;
  double busy_gpu_hours = 0;
  double useful_fp8_flop = 0;
  std::vector<TrainingSummary> training;
  double inference_demand_gpu_hours = 0;  // what the demand curve asked for
  double inference_served_gpu_hours = 0;  // what it got
  std::uint64_t preemptions = 0;          // jobs interrupted to serve inference
  double cpu_busy_vcpu_hours = 0;         // the CPU pool
  double cpu_utilization = 0;
  // Reservations (docs/jobs.md): preemptible jobs interrupted to give reserved
  // GPUs back (to a holder, or to inference), and inference preemptions refused.
  std::uint64_t preemptible_preemptions = 0;
  std::uint64_t refused_preemptions = 0;
  bool reservations = false;  // the scenario declares reservations (outputs write the two counts only then)
  std::optional<PowerSwingsSummary> power_swings;  // with a power_swings section (docs/power.md)
};

namespace detail {
class JobSystemImpl;
}

class JobSystem {
 public:
  // Registers itself with `fleet` (listener and sampler); the scenario must
  // have workloads. Draws from streams derived from `seed`.
  JobSystem(Engine& engine, const Scenario& scenario, Buildout& fleet, std::uint64_t seed);
  ~JobSystem();
  JobSystem(const JobSystem&) = delete;
  JobSystem& operator=(const JobSystem&) = delete;

  // Closes the books at the engine's current time (call after the run).
  void finish();
  const std::vector<JobRow>& jobs() const;
  // The rows moved out, without a copy (after summary(); jobs() is empty then).
  std::vector<JobRow> take_jobs();
  JobsSummary summary() const;

 private:
  std::unique_ptr<detail::JobSystemImpl> impl_;
};

}  // namespace gwsim

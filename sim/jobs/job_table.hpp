// gwsim/sim/jobs/job_table.hpp -- every job submitted: its output row
// (JobRow, jobs/jobs.hpp) and its run-time state (JobRun), by job id (the
// order of submission), with the accounting of its GPU-hours.
//
// The accounting of a run that ends, is interrupted, or is still running
// when the books close: wall hours held split into useful work (kept) and
// lost work (restart time, checkpoint writes, and progress since the last
// checkpoint when interrupted). Units are the job's own: GPUs, or vCPUs for a CPU job.
//
// A run starts at a checkpoint (or at the beginning), pays its restart (if
// due), then works in segments of checkpoint_hours of work followed by a
// pause of checkpoint_cost_hours while the checkpoint is written; the last
// segment (the one that ends the job) writes none (docs/jobs.md).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/engine.hpp"
#include "core/weighted_sampler.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/jobs.hpp"
#include "jobs/rack_pool.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

// A job as its source submits it (jobs/job_sources.hpp).
struct NewJob {
  JobSource kind = JobSource::stream;
  std::uint32_t source = 0;                  // index of its stream, training run or trace
  std::uint32_t tenant = 0;                  // for traces: index into the trace's users
  const std::string* tenant_name = nullptr;  // the fair-share tenant (never null)
  int priority = 0;
  JobResource resource = JobResource::gpu;
  std::int64_t units = 0;            // GPUs, or vCPUs
  double work_hours = 0;             // at `units`
  double checkpoint_hours = 0;       // 0: no checkpoints
  double checkpoint_cost_hours = 0;  // paused per checkpoint written
  double restart_hours = 0;          // paid by each start after an interruption (with checkpoints)
  int site = -1;                     // the one GPU site it may use; -1: any
  int cluster = -1;                  // the cluster whose sites it may span; -1: none
};

enum class JobState : std::uint8_t { queued, running, done };

// Run-time state of a job (its row holds the rest).
struct JobRun {
  JobState state = JobState::queued;
  double remaining_hours = 0;   // work left, in hours at the job's units
  double checkpoint_hours = 0;  // 0: no checkpoints
  double checkpoint_cost_hours = 0;
  double restart_hours = 0;
  double restart_cost_hours = 0;  // paid in the current run
  bool restarting = false;        // the next start pays restart_hours
  int allowed_site = -1;          // a GPU job pinned to one site; -1: any
  int cluster = -1;
  Tick started = 0;
  Tick expected_end = 0;
  EventId end_event;
  // Where it runs: one part per GPU site (several for a job spanning a
  // cluster), or one part for the CPU pool (site 0).
  struct Part {
    std::uint32_t site;
    std::int64_t units;
    WeightedSampler::Slot slot;  // in that capacity's running jobs
  };
  std::vector<Part> parts;
  std::vector<GpuSeg> held;      // a GPU job's GPUs, rack by rack (jobs/rack_pool.hpp)
  JobQueue::Position queue_pos;  // while queued

  // Size (docs/jobs.md, "Elastic runs"). A job works at speed
  // working_gpus / full_gpus (1 for every job but a shrunk elastic run);
  // its standbys, if any, are in JobTable::standby().
  std::int64_t full_gpus = 0;     // GPUs working at full size (its `gpus`, standbys excluded)
  std::int64_t working_gpus = 0;  // GPUs working now

  // The throughput factor of its current placement (jobs/placement.hpp):
  // 1 within one fabric domain, else the multi-domain or cluster factor.
  // Its speed is throughput x working_gpus / full_gpus.
  double throughput = 1.0;

  // Work left as wall hours of working at the current speed.
  double todo() const {
    const double at_size = working_gpus == full_gpus
                               ? remaining_hours
                               : remaining_hours * static_cast<double>(full_gpus) / static_cast<double>(working_gpus);
    return throughput == 1.0 ? at_size : at_size / throughput;
  }
  // Work (hours at full size) done by `wall` hours of working at the current speed.
  double work_of(double wall) const {
    const double at_size =
        working_gpus == full_gpus ? wall : wall * static_cast<double>(working_gpus) / static_cast<double>(full_gpus);
    return throughput == 1.0 ? at_size : at_size * throughput;
  }

  // Hours from a start now to the end: the restart (if due), the work left
  // and the checkpoints written on the way.
  double hours_to_end() const { return (restarting ? restart_hours : 0.0) + wall_hours(todo()); }
  // Hours from the start of the current segment (`started`) to the end: its pause and the work left.
  double segment_hours() const { return restart_cost_hours + wall_hours(todo()); }
  // Checkpoints written while doing `work` hours of work from a checkpoint:
  // one per checkpoint_hours of work strictly before the end.
  double checkpoints_in(double work) const;
  // Wall hours to do `work` hours of work from a checkpoint (no restart).
  double wall_hours(double work) const { return work + checkpoint_cost_hours * checkpoints_in(work); }
  // Of `wall` hours spent working since the last checkpoint (after the
  // restart, at most wall_hours(todo())): the wall hours of work done, and
  // of work up to the last checkpoint completed (work_of() converts them).
  double work_done(double wall) const;
  double work_saved(double wall) const;
};

// A training run's standbys and elasticity (docs/jobs.md, "Standbys" and
// "Elastic runs"; their logic is jobs/standby.hpp's). Kept in a side table,
// only for runs that declare standby nodes or are elastic: the other jobs
// (all but a few, in streams of millions) pay no memory for them.
struct StandbyRun {
  std::int64_t standby_gpus = 0;      // standby GPUs it takes at a start
  std::int64_t spare_gpus = 0;        // standby GPUs on hand now
  std::int64_t min_working_gpus = 0;  // elastic: the fewest it works on
  double swap_hours = 0;              // paused per swap
  bool elastic = false;
  bool short_listed = false;                                    // in Standbys' lists of runs short of GPUs
  Tick spare_since = 0;                                         // standby GPU-hours counted up to here
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spares;  // its standby GPUs (pool rack, GPU in rack)
  // Its figures (TrainingSummary): failures absorbed by a swap (counted in
  // the row's interruptions too), GPU-hours of its standby GPUs on hand,
  // idle (neither useful nor lost), and wall hours run on fewer GPUs than its `gpus`.
  std::uint32_t swaps = 0;
  double standby_gpu_hours = 0;
  double elastic_hours = 0;
};

class JobTable {
 public:
  // Training runs' standbys and elasticity are read from `training`, their
  // standby nodes of `node_gpus` GPUs (call before add()).
  void set_training(const std::vector<TrainingRun>* training, std::int64_t node_gpus) {
    training_ = training;
    node_gpus_ = node_gpus;
  }
  // Adds a job submitted at `now`; returns its id.
  std::uint64_t add(const NewJob& job, Tick now);

  std::size_t size() const { return rows_.size(); }
  JobRow& row(std::uint64_t id) { return rows_[id]; }
  const JobRow& row(std::uint64_t id) const { return rows_[id]; }
  JobRun& run(std::uint64_t id) { return runs_[id]; }
  const JobRun& run(std::uint64_t id) const { return runs_[id]; }
  // Job `id`'s standbys and elasticity; null for a job with neither (every job but such training runs).
  StandbyRun* standby(std::uint64_t id) {
    if (standby_.empty()) return nullptr;
    const auto it = standby_.find(id);
    return it == standby_.end() ? nullptr : &it->second;
  }
  const StandbyRun* standby(std::uint64_t id) const { return const_cast<JobTable*>(this)->standby(id); }
  const std::vector<JobRow>& rows() const { return rows_; }
  // The job's tenant, as numbered for the queue policy (first seen, first numbered).
  std::uint32_t tenant(std::uint64_t id) const { return tenant_of_[id]; }
  // Useful FP8 FLOP per useful GPU-hour of the job's latest start.
  double flop_per_gpu_hour(std::uint64_t id) const { return flops_[id]; }
  void set_flop_per_gpu_hour(std::uint64_t id, double flop) { flops_[id] = flop; }

  // Job `id` ended at `now`: all its work counted.
  void account_end(std::uint64_t id, Tick now);
  // Job `id` was interrupted at `now`: it keeps the work up to its last checkpoint.
  void account_interrupt(std::uint64_t id, Tick now);
  // The same without counting an interruption: a running job restarts from
  // its last checkpoint at `now` (a swap or a resize, jobs/standby.hpp);
  // its next segment starts at `now` and first pauses `pause_hours`.
  void account_restart(std::uint64_t id, Tick now, double pause_hours);
  // Job `id`'s standby GPUs on hand change: their idle hours up to `now` count.
  void account_standby(std::uint64_t id, Tick now);
  // Useful/lost GPU-hours of the segment that ends at `now` (elapsed since
  // its start); returns the work saved (hours at full size).
  double account_segment(std::uint64_t id, Tick now, bool to_checkpoint);
  // The books close at `now`: the work done so far by running jobs counts.
  void account_running(Tick now);
  // Job `id` is done (its books closed, its GPUs given back): its state is
  // `done` and its run-time containers (parts, GPUs held) are freed, so a
  // stream of millions keeps per finished job only its row and fixed-size state.
  void retire(std::uint64_t id);
  // The rows, moved out: the table is done with (after the summary is taken).
  std::vector<JobRow> take_rows() { return std::move(rows_); }

 private:
  std::vector<JobRow> rows_;
  std::vector<JobRun> runs_;
  std::vector<double> flops_;                        // by job
  std::map<std::string, std::uint32_t> tenant_ids_;  // tenants by name
  std::vector<std::uint32_t> tenant_of_;             // by job
  const std::vector<TrainingRun>* training_ = nullptr;
  std::int64_t node_gpus_ = 1;
  std::unordered_map<std::uint64_t, StandbyRun> standby_;  // by job: runs with standbys or elastic only
};

}  // namespace gwsim::detail

#include "jobs/job_table.hpp"

#include <algorithm>
#include <cmath>

namespace gwsim::detail {

double JobRun::checkpoints_in(double work) const {
  if (checkpoint_hours <= 0 || checkpoint_cost_hours <= 0 || work <= 0) return 0.0;
  return std::ceil(work / checkpoint_hours) - 1.0;
}

double JobRun::work_done(double wall) const {
  if (checkpoint_hours <= 0 || checkpoint_cost_hours <= 0) return std::min(wall, todo());
  const double segment = checkpoint_hours + checkpoint_cost_hours;
  const double k = std::floor(wall / segment);
  return std::min(k * checkpoint_hours + std::min(wall - k * segment, checkpoint_hours), todo());
}

double JobRun::work_saved(double wall) const {
  if (checkpoint_hours <= 0) return 0.0;
  // a checkpoint is complete once its write is: every checkpoint_hours + checkpoint_cost_hours
  const double saved = std::floor(wall / (checkpoint_hours + checkpoint_cost_hours)) * checkpoint_hours;
  return std::min({wall, saved, todo()});
}

std::uint64_t JobTable::add(const NewJob& job, Tick now) {
  const std::uint64_t id = rows_.size();
  JobRow row;
  row.id = id;
  row.kind = job.kind;
  row.resource = job.resource;
  row.source = job.source;
  row.tenant = job.tenant;
  row.priority = job.priority;
  row.gpus = job.units;
  JobRun run;
  run.full_gpus = run.working_gpus = job.units;
  if (job.kind == JobSource::training && training_ != nullptr) {
    // standbys and elasticity (docs/jobs.md): the run holds its standby GPUs besides its own
    const TrainingRun& t = (*training_)[job.source];
    if (t.standby_nodes > 0 || t.elastic) {
      StandbyRun& s = standby_[id];
      s.standby_gpus = t.standby_nodes * node_gpus_;
      s.swap_hours = t.swap_minutes / 60.0;
      s.elastic = t.elastic;
      s.min_working_gpus =
          static_cast<std::int64_t>(std::ceil(t.elastic_min_fraction * static_cast<double>(job.units)));
      row.standby_gpus = s.standby_gpus;
      row.gpus += s.standby_gpus;  // held at a start (JobRow::gpus)
    }
  }
  row.cluster = job.cluster;
  row.submit = now;
  rows_.push_back(row);
  auto [it, fresh] = tenant_ids_.try_emplace(*job.tenant_name, static_cast<std::uint32_t>(tenant_ids_.size()));
  (void)fresh;
  tenant_of_.push_back(it->second);
  run.remaining_hours = job.work_hours;
  run.checkpoint_hours = job.checkpoint_hours;
  run.checkpoint_cost_hours = job.checkpoint_cost_hours;
  run.restart_hours = job.restart_hours;
  run.allowed_site = job.site;
  run.cluster = job.cluster;
  runs_.push_back(run);
  flops_.push_back(0.0);
  return id;
}

double JobTable::account_segment(std::uint64_t id, Tick now, bool to_checkpoint) {
  JobRow& row = rows_[id];
  JobRun& run = runs_[id];
  const double elapsed = to_hours(now - run.started);
  const double wall = std::clamp(elapsed - run.restart_cost_hours, 0.0, run.wall_hours(run.todo()));
  const double kept = to_checkpoint ? run.work_saved(wall) : run.work_done(wall);
  const auto working = static_cast<double>(run.working_gpus);
  row.run_hours += elapsed;
  row.useful_gpu_hours += kept * working;
  row.lost_gpu_hours += (elapsed - kept) * working;
  if (run.working_gpus < run.full_gpus) standby_.at(id).elastic_hours += elapsed;  // only elastic runs shrink
  account_standby(id, now);
  const double work = run.work_of(kept);
  run.remaining_hours -= work;
  return work;
}

void JobTable::account_standby(std::uint64_t id, Tick now) {
  StandbyRun* s = standby(id);
  if (s == nullptr) return;
  if (s->spare_gpus > 0) s->standby_gpu_hours += to_hours(now - s->spare_since) * static_cast<double>(s->spare_gpus);
  s->spare_since = now;
}

void JobTable::account_end(std::uint64_t id, Tick now) {
  JobRow& row = rows_[id];
  JobRun& run = runs_[id];
  const double elapsed = to_hours(now - run.started);
  const auto working = static_cast<double>(run.working_gpus);
  row.run_hours += elapsed;
  row.useful_gpu_hours += run.todo() * working;
  const double overhead = run.restart_cost_hours + run.checkpoint_cost_hours * run.checkpoints_in(run.todo());
  row.lost_gpu_hours += overhead * working;
  if (run.working_gpus < run.full_gpus) standby_.at(id).elastic_hours += elapsed;  // only elastic runs shrink
  account_standby(id, now);
  run.remaining_hours = 0;
  row.completed = true;
  row.end = now;
}

void JobTable::account_interrupt(std::uint64_t id, Tick now) {
  account_segment(id, now, /*to_checkpoint=*/true);
  ++rows_[id].interruptions;
}

void JobTable::account_restart(std::uint64_t id, Tick now, double pause_hours) {
  account_segment(id, now, /*to_checkpoint=*/true);
  JobRun& run = runs_[id];
  run.started = now;
  run.restart_cost_hours = pause_hours;
}

void JobTable::retire(std::uint64_t id) {
  JobRun& run = runs_[id];
  run.state = JobState::done;
  std::vector<JobRun::Part>().swap(run.parts);  // clear() would keep their heap blocks
  std::vector<GpuSeg>().swap(run.held);
}

void JobTable::account_running(Tick now) {
  for (std::uint64_t id = 0; id < rows_.size(); ++id) {
    JobRun& run = runs_[id];
    if (run.state != JobState::running) continue;
    // work done so far by jobs still running counts as useful (not lost)
    account_segment(id, now, /*to_checkpoint=*/false);
    run.started = now;
    run.restart_cost_hours = 0;
  }
}

}  // namespace gwsim::detail

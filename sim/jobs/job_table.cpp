#include "jobs/job_table.hpp"

#include <algorithm>
#include <cmath>

namespace gwsim::detail {

double JobRun::checkpoints_in(double work) const {
  if (checkpoint_hours <= 0 || checkpoint_cost_hours <= 0 || work <= 0) return 0.0;
  return std::ceil(work / checkpoint_hours) - 1.0;
}

double JobRun::work_done(double wall) const {
  if (checkpoint_hours <= 0 || checkpoint_cost_hours <= 0) return std::min(wall, remaining_hours);
  const double segment = checkpoint_hours + checkpoint_cost_hours;
  const double k = std::floor(wall / segment);
  return std::min(k * checkpoint_hours + std::min(wall - k * segment, checkpoint_hours), remaining_hours);
}

double JobRun::work_saved(double wall) const {
  if (checkpoint_hours <= 0) return 0.0;
  // a checkpoint is complete once its write is: every checkpoint_hours + checkpoint_cost_hours
  const double saved = std::floor(wall / (checkpoint_hours + checkpoint_cost_hours)) * checkpoint_hours;
  return std::min({wall, saved, remaining_hours});
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
  row.cluster = job.cluster;
  row.submit = now;
  rows_.push_back(row);
  auto [it, fresh] = tenant_ids_.try_emplace(*job.tenant_name, static_cast<std::uint32_t>(tenant_ids_.size()));
  (void)fresh;
  tenant_of_.push_back(it->second);
  JobRun run;
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

void JobTable::account_end(std::uint64_t id, Tick now) {
  JobRow& row = rows_[id];
  JobRun& run = runs_[id];
  const double elapsed = to_hours(now - run.started);
  row.run_hours += elapsed;
  row.useful_gpu_hours += run.remaining_hours * static_cast<double>(row.gpus);
  const double overhead = run.restart_cost_hours + run.checkpoint_cost_hours * run.checkpoints_in(run.remaining_hours);
  row.lost_gpu_hours += overhead * static_cast<double>(row.gpus);
  run.remaining_hours = 0;
  row.completed = true;
  row.end = now;
}

void JobTable::account_interrupt(std::uint64_t id, Tick now) {
  JobRow& row = rows_[id];
  JobRun& run = runs_[id];
  const double elapsed = to_hours(now - run.started);
  const double wall = std::clamp(elapsed - run.restart_cost_hours, 0.0, run.wall_hours(run.remaining_hours));
  const double saved = run.work_saved(wall);
  row.run_hours += elapsed;
  row.useful_gpu_hours += saved * static_cast<double>(row.gpus);
  row.lost_gpu_hours += (elapsed - saved) * static_cast<double>(row.gpus);
  run.remaining_hours -= saved;
  ++row.interruptions;
}

void JobTable::account_running(Tick now) {
  for (std::uint64_t id = 0; id < rows_.size(); ++id) {
    JobRun& run = runs_[id];
    if (run.state != JobState::running) continue;
    // work done so far by jobs still running counts as useful (not lost)
    JobRow& row = rows_[id];
    const double elapsed = to_hours(now - run.started);
    const double wall = std::clamp(elapsed - run.restart_cost_hours, 0.0, run.wall_hours(run.remaining_hours));
    const double progress = run.work_done(wall);
    row.run_hours += elapsed;
    row.useful_gpu_hours += progress * static_cast<double>(row.gpus);
    row.lost_gpu_hours += (elapsed - progress) * static_cast<double>(row.gpus);
    run.started = now;
    run.remaining_hours -= progress;
    run.restart_cost_hours = 0;
  }
}

}  // namespace gwsim::detail

#include "jobs/job_stats.hpp"

#include <algorithm>
#include <utility>

namespace gwsim::detail {

void JobStats::levels(Tick now) {
  busy_tw_.set(now, static_cast<double>(sites_.busy_gpus()));
  up_tw_.set(now, static_cast<double>(sites_.up_gpus()));
  inference_tw_.set(now, static_cast<double>(inference_.serving_gpus()));
  cpu_busy_tw_.set(now, static_cast<double>(pool_.busy_vcpus()));
  cpu_up_tw_.set(now, static_cast<double>(pool_.vcpus()));
  demand_tw_.set(now, static_cast<double>(inference_.demand_gpus()));
}

namespace {

// The GPUs up at the end where training run `run` may run: its site, the
// sites of its cluster together, or the best single site.
std::int64_t gpus_up_for(const TrainingRun& run, const Workloads& w, const GpuSites& sites) {
  if (run.site >= 0) return sites[static_cast<std::size_t>(run.site)].up;
  std::int64_t best = 0;
  if (run.cluster >= 0) {
    for (const int si : w.clusters[static_cast<std::size_t>(run.cluster)].sites)
      best += sites[static_cast<std::size_t>(si)].up;
    return best;
  }
  for (const GpuSite& site : sites.sites()) best = std::max(best, site.up);
  return best;
}

// For a run confined to one fabric domain at sites that all have domains:
// the healthy GPUs of the largest domain where it may run; else -1.
std::int64_t largest_domain_for(const TrainingRun& run, const GpuSites& sites) {
  if (run.multi_domain || run.cluster >= 0) return -1;
  std::int64_t best = -1;
  for (std::uint32_t si = 0; si < sites.size(); ++si) {
    if (run.site >= 0 && static_cast<std::uint32_t>(run.site) != si) continue;
    const std::int64_t gpus = sites.largest_domain_gpus(si);
    if (gpus < 0) return -1;  // a site without domains: the site's GPUs are what counts
    best = std::max(best, gpus);
  }
  return best;
}

std::vector<TrainingSummary> training_summaries(const JobTable& table, const Workloads& w, Tick finished_at,
                                                const GpuSites& sites) {
  std::vector<TrainingSummary> out;
  for (const JobRow& r : table.rows()) {
    if (r.kind != JobSource::training) continue;
    TrainingSummary t;
    t.name = w.training[r.source].name;
    t.interruptions = r.interruptions;
    t.lost_gpu_hours = r.lost_gpu_hours;
    t.completed = r.completed;
    t.end = r.end;
    const TrainingRun& spec = w.training[r.source];
    t.gpus = r.gpus;
    t.started = r.first_start >= 0;
    t.running_at_end = table.run(r.id).state == JobState::running;
    t.work_done = r.completed || spec.wall_hours <= 0
                      ? 1.0
                      : std::clamp(1.0 - table.run(r.id).remaining_hours / spec.wall_hours, 0.0, 1.0);
    t.most_gpus_up_at_end = gpus_up_for(spec, w, sites);
    t.largest_domain_gpus_at_end = largest_domain_for(spec, sites);
    const Tick last = r.completed ? r.end : finished_at;
    if (r.first_start >= 0 && last > r.first_start)
      t.effective_training_time = r.useful_gpu_hours / static_cast<double>(spec.gpus) / to_hours(last - r.first_start);
    if (const StandbyRun* s = table.standby(r.id)) {
      t.standbys_or_elastic = true;
      t.swaps = s->swaps;
      t.standby_gpu_hours = s->standby_gpu_hours;
      t.elastic_hours = s->elastic_hours;
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

JobsSummary JobStats::summary(const JobTable& table, const Workloads& w, Tick finished_at) const {
  JobsSummary out;
  out.submitted = table.size();
  out.started = started_;
  out.completed = completed_;
  out.interruptions = interruptions_;
  if (waits_.count() > 0) {
    out.wait_mean_hours = waits_.mean();
    // exact (type 7) over the waits of the jobs that started, as jobs.csv's wait_hours
    const std::vector<double> q = waits_.quantiles({0.5, 0.9, 0.99});
    out.wait_p50_hours = q[0];
    out.wait_p90_hours = q[1];
    out.wait_p99_hours = q[2];
    out.wait_max_hours = waits_.max();
  }
  const double busy = busy_tw_.integral_hours(finished_at);
  const double up = up_tw_.integral_hours(finished_at);
  out.busy_gpu_hours = busy;
  out.utilization = up > 0 ? busy / up : 0.0;
  double flop = 0;
  for (const JobRow& r : table.rows()) {
    if (r.resource == JobResource::cpu) continue;  // GPU figures exclude CPU jobs
    out.useful_gpu_hours += r.useful_gpu_hours;
    flop += r.useful_gpu_hours * table.flop_per_gpu_hour(r.id);
  }
  out.inference_served_gpu_hours = inference_tw_.integral_hours(finished_at);
  out.inference_demand_gpu_hours = demand_tw_.integral_hours(finished_at);
  out.preemptions = inference_.preemptions();
  out.cpu_busy_vcpu_hours = cpu_busy_tw_.integral_hours(finished_at);
  const double cpu_up = cpu_up_tw_.integral_hours(finished_at);
  out.cpu_utilization = cpu_up > 0 ? out.cpu_busy_vcpu_hours / cpu_up : 0.0;
  // goodput counts inference GPU-hours as useful work
  out.goodput = busy > 0 ? (out.useful_gpu_hours + out.inference_served_gpu_hours) / busy : 0.0;
  out.useful_fp8_flop = flop;
  out.training = training_summaries(table, w, finished_at, sites_);
  return out;
}

}  // namespace gwsim::detail

#include "jobs/job_sources.hpp"

#include <algorithm>
#include <cmath>

#include <boost/random/exponential_distribution.hpp>

#include "core/distribution.hpp"

namespace gwsim::detail {

JobSources::JobSources(Engine& engine, const Scenario& scenario, const RandomStreams& streams, JobSink& sink)
    : eng_(engine),
      s_(scenario),
      w_(*scenario.workloads),
      sink_(sink),
      rng_(streams.stream("jobs")),
      stream_count_(w_.streams.size(), 0),
      trace_next_(w_.traces.size(), 0),
      on_arrival_(*this, engine),
      on_submit_(*this, engine),
      on_trace_(*this, engine) {}

void JobSources::schedule_streams() {
  for (std::size_t i = 0; i < w_.streams.size(); ++i) schedule_arrival(i, w_.streams[i].start);
}

void JobSources::schedule_training() {
  for (std::size_t i = 0; i < w_.training.size(); ++i) eng_.schedule_at(w_.training[i].submit, on_submit_.id(), i);
}

void JobSources::schedule_traces() {
  for (std::size_t i = 0; i < w_.traces.size(); ++i) schedule_trace(i);
}

void JobSources::schedule_arrival(std::size_t i, Tick at) {
  if (at < w_.streams[i].end && at <= s_.end + days(1)) eng_.schedule_at(at, on_arrival_.id(), i);
}

void JobSources::schedule_trace(std::size_t i) {
  const JobTrace& t = w_.traces[i];
  const std::size_t k = trace_next_[i];
  if (k >= t.submit_hours.size()) return;
  const Tick at = t.start + ticks_from_hours(t.submit_hours[k]);
  if (at <= s_.end + days(1)) eng_.schedule_at(std::max(at, eng_.now()), on_trace_.id(), i);
}

void JobSources::arrival(std::uint64_t i) {
  const JobStream& st = w_.streams[i];
  ++stream_count_[i];
  NewJob job;
  job.kind = JobSource::stream;
  job.source = static_cast<std::uint32_t>(i);
  job.tenant_name = &st.tenant;
  job.priority = st.priority;
  job.resource = st.cpu ? JobResource::cpu : JobResource::gpu;
  const double units = std::ceil(std::max(1.0, gwsim::sample(st.gpus, rng_)));
  job.units = static_cast<std::int64_t>(std::min(units, static_cast<double>(st.max_gpus)));
  job.work_hours = std::max(0.0, gwsim::sample(st.duration_hours, rng_));
  job.checkpoint_hours = st.checkpoint_hours;
  job.checkpoint_cost_hours = st.checkpoint_cost_hours;
  sink_.submit(job);
  const bool more = st.max_jobs == 0 || stream_count_[i] < static_cast<std::uint64_t>(st.max_jobs);
  if (more) {
    const double gap = boost::random::exponential_distribution<double>(st.arrivals_per_hour)(rng_);
    schedule_arrival(i, eng_.now() + std::max<Tick>(0, ticks_from_hours(gap)));
  }
  sink_.dispatch();
}

void JobSources::training_submit(std::uint64_t i) {
  const TrainingRun& t = w_.training[i];
  NewJob job;
  job.kind = JobSource::training;
  job.source = static_cast<std::uint32_t>(i);
  job.tenant_name = &t.name;
  job.priority = t.priority;
  job.units = t.gpus;
  job.work_hours = t.wall_hours;
  job.checkpoint_hours = t.checkpoint_hours;
  job.checkpoint_cost_hours = t.checkpoint_cost_hours;
  job.restart_hours = t.restart_hours;
  job.site = t.site;
  job.cluster = t.cluster;
  sink_.submit(job);
  sink_.dispatch();
}

void JobSources::trace_job(std::uint64_t i) {
  const JobTrace& t = w_.traces[i];
  const std::size_t k = trace_next_[i]++;
  NewJob job;
  job.kind = JobSource::trace;
  job.source = static_cast<std::uint32_t>(i);
  job.tenant = t.tenant[k];
  job.tenant_name = &t.tenants[t.tenant[k]];
  job.priority = t.priority;
  job.units = std::max<std::int64_t>(1, t.gpus[k]);
  job.work_hours = t.duration_hours[k];
  job.checkpoint_hours = t.checkpoint_hours;
  job.checkpoint_cost_hours = t.checkpoint_cost_hours;
  sink_.submit(job);
  schedule_trace(i);
  sink_.dispatch();
}

}  // namespace gwsim::detail

// gwsim/sim/jobs/job_sources.hpp -- where jobs come from: random streams
// (Poisson arrivals), training runs (one job each, at its submission date)
// and replayed traces (one pending event per trace). Each source submits
// its jobs to a JobSink at their time, then asks it to dispatch.
//
// Streams draw from the "jobs" random stream: per arrival the job's units
// (ceil, at least 1, at most max_gpus), its hours of work, then the gap to
// the next arrival. No arrival is scheduled at or after a stream's end or
// later than a day after the scenario's end; nor a trace job.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "jobs/job_table.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

class JobSink {
 public:
  // Queues a job submitted now (starts nothing).
  virtual void submit(const NewJob& job) = 0;
  // Starts what the policy allows.
  virtual void dispatch() = 0;

 protected:
  ~JobSink() = default;
};

class JobSources {
 public:
  JobSources(Engine& engine, const Scenario& scenario, const RandomStreams& streams, JobSink& sink);
  JobSources(const JobSources&) = delete;
  JobSources& operator=(const JobSources&) = delete;

  // The first events of each kind of source (the caller orders the kinds:
  // events at equal times fire in the order they were scheduled).
  void schedule_streams();
  void schedule_training();
  void schedule_traces();

 private:
  void arrival(std::uint64_t stream);
  void training_submit(std::uint64_t run);
  void trace_job(std::uint64_t trace);
  void schedule_arrival(std::size_t stream, Tick at);
  void schedule_trace(std::size_t trace);

  Engine& eng_;
  const Scenario& s_;
  const Workloads& w_;
  JobSink& sink_;
  RandomEngine rng_;
  std::vector<std::uint64_t> stream_count_;  // jobs so far, by stream
  std::vector<std::size_t> trace_next_;      // next job, by trace
  MemberHandler<JobSources, &JobSources::arrival> on_arrival_;
  MemberHandler<JobSources, &JobSources::training_submit> on_submit_;
  MemberHandler<JobSources, &JobSources::trace_job> on_trace_;
};

}  // namespace gwsim::detail

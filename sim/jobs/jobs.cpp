// The job system's wiring: the components (jobs/jobs.hpp names them) and
// the operations that touch several of them -- starting, ending and
// interrupting a job, failures at the sites, and dispatch.
#include "jobs/jobs.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <set>
#include <utility>

#include "jobs/backfill.hpp"
#include "jobs/columns.hpp"
#include "jobs/cpu_pool.hpp"
#include "jobs/gpu_sites.hpp"
#include "jobs/inference.hpp"
#include "jobs/job_control.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/job_sources.hpp"
#include "jobs/job_stats.hpp"
#include "jobs/job_table.hpp"
#include "jobs/placement.hpp"
#include "jobs/policy.hpp"
#include "jobs/power_swings.hpp"
#include "jobs/reservations.hpp"
#include "jobs/standby.hpp"
#include "jobs/tenant_first.hpp"

namespace gwsim {
namespace detail {

namespace {

std::vector<double> fp8_pflops_by_sku(const Scenario& s) {
  std::vector<double> out;
  for (const Sku& k : s.skus) out.push_back(k.fp8_pflops_per_gpu);
  return out;
}

// The GPUs of a standby node: the largest node of the SKUs ordered (docs/jobs.md,
// "Standbys"); the catalog's other SKUs (built-ins never ordered) do not count.
std::int64_t standby_node_gpus(const Scenario& s) {
  std::int64_t out = 1;
  for (const Order& o : s.orders) out = std::max<std::int64_t>(out, s.skus[o.sku].gpus_per_node);
  return out;
}

std::vector<std::uint32_t> gpus_per_node_by_sku(const Scenario& s) {
  std::vector<std::uint32_t> out;
  for (const Sku& k : s.skus) out.push_back(static_cast<std::uint32_t>(k.gpus_per_node));
  return out;
}

}  // namespace

class JobSystemImpl final : public CapacityListener, JobSink, JobControl {
 public:
  // `on_training_done(run)` is called when training run `run` completes.
  JobSystemImpl(Engine& eng, const Scenario& s, std::uint64_t seed,
                std::function<void(std::uint32_t)> on_training_done);

  void bind_columns(Recorder& rec);

  // CapacityListener: the buildout model's GPUs up in service change.
  void gpus_up(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) override;
  void gpus_down(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) override;

  // JobSink: from the job sources.
  void submit(const NewJob& job) override;
  void dispatch() override;

  // JobControl: from backfilling, inference and the CPU pool.
  void start(std::uint64_t id) override;
  void interrupt(std::uint64_t id) override;

  // Training runs are placed within the fabric domains `fabric` forms (jobs/placement.hpp).
  void use_fabric(const Scenario& s, const Fabric& fabric) { sites_.use_fabric(s, fabric); }

  void finish();
  const std::vector<JobRow>& jobs() const { return table_.rows(); }
  std::vector<JobRow> take_jobs() { return table_.take_rows(); }
  JobsSummary summary() const {
    JobsSummary out = stats_.summary(table_, w_, finished_at_);
    out.preemptible_preemptions = reclaimed_ + inference_.preemptible_preemptions();
    out.refused_preemptions = inference_.refused_preemptions();
    out.reservations = reservations_.any();
    if (swings_) out.power_swings = swings_->summary();
    return out;
  }

 private:
  // events
  void job_end(std::uint64_t id);
  void pool_step(std::uint64_t step);
  void demand_step(std::uint64_t step);
  void reservation_step(std::uint64_t code);  // reservation code / 2 starts (code even) or ends

  // Starts the queued training runs holding a reservation active now that
  // fit (interrupting preemptible jobs on the GPUs they take).
  void start_holders();

  void enqueue(std::uint64_t id, bool interrupted);
  void release(std::uint64_t id);
  // Useful FP8 FLOP per GPU-hour of the plan (the SKU mix of its sites now).
  double plan_flop_per_gpu_hour(std::int64_t gpus) const;

  Engine& eng_;
  std::function<void(std::uint32_t)> on_training_done_;
  const Workloads& w_;
  RandomStreams streams_;
  RandomEngine rng_hits_;    // which job a preemption or a pool shrink hits
  RandomEngine rng_failed_;  // which GPUs of a rack a failure takes down
  GpuSites sites_;
  VcpuPool pool_;
  InferenceService inference_;
  JobTable table_;
  JobQueue queue_;
  Reservations reservations_;
  Placement placement_;
  Backfill backfill_;
  TenantFirst tenant_first_;                // tenants' jobs on their idle reserved GPUs
  std::set<std::uint64_t> queued_holders_;  // queued training runs holding a reservation
  std::vector<std::uint64_t> holders_;      // scratch
  std::uint64_t reclaimed_ = 0;             // preemptible jobs interrupted by a holder
  JobStats stats_;
  JobSources sources_;
  Tick finished_at_ = 0;
  std::vector<std::uint64_t> victims_;  // scratch: the jobs a failure hits
  std::vector<std::uint32_t> lost_;     // scratch: the GPUs each lost
  MemberHandler<JobSystemImpl, &JobSystemImpl::job_end> on_end_;
  MemberHandler<JobSystemImpl, &JobSystemImpl::demand_step> on_demand_;
  MemberHandler<JobSystemImpl, &JobSystemImpl::pool_step> on_pool_;
  MemberHandler<JobSystemImpl, &JobSystemImpl::reservation_step> on_reservation_;
  Standbys standbys_;
  std::unique_ptr<PowerSwingRecorder> swings_;  // with a power_swings section
};

JobSystemImpl::JobSystemImpl(Engine& eng, const Scenario& s, std::uint64_t seed,
                             std::function<void(std::uint32_t)> on_training_done)
    : eng_(eng),
      on_training_done_(std::move(on_training_done)),
      w_(*s.workloads),
      streams_(seed),
      rng_hits_(streams_.stream("job_failures")),
      rng_failed_(streams_.stream("failed_gpus")),
      sites_(s.sites.size(), fp8_pflops_by_sku(s), gpus_per_node_by_sku(s)),
      inference_(w_.inference ? &*w_.inference : nullptr),
      queue_(make_policy(w_)),
      reservations_(w_, sites_),
      placement_(sites_, pool_, w_.clusters, &reservations_, &w_.training),
      backfill_(sites_, pool_, w_.clusters, w_.backfill_depth, &reservations_),
      tenant_first_(reservations_),
      stats_(sites_, pool_, inference_),
      sources_(eng, s, streams_, *this),
      on_end_(*this, eng),
      on_demand_(*this, eng),
      on_pool_(*this, eng),
      on_reservation_(*this, eng),
      standbys_(eng, sites_, table_, on_end_.id()) {
  table_.set_training(&w_.training, standby_node_gpus(s));
  inference_.use(&reservations_);
  if (s.power_swings) swings_ = std::make_unique<PowerSwingRecorder>(eng, s, table_, sites_.racks());
  // The first events, in this order (ties fire in the order of scheduling):
  // a reservation starts before anything else at its date, ends after.
  for (std::size_t r = 0; r < w_.reservations.size(); ++r)
    eng_.schedule_at(w_.reservations[r].start, on_reservation_.id(), 2 * r);
  if (w_.cpu_pool)
    for (std::size_t i = 0; i < w_.cpu_pool->dates.size(); ++i)
      eng_.schedule_at(w_.cpu_pool->dates[i], on_pool_.id(), i);
  sources_.schedule_streams();
  sources_.schedule_training();
  if (w_.inference)
    for (std::size_t i = 0; i < w_.inference->dates.size(); ++i)
      eng_.schedule_at(w_.inference->dates[i], on_demand_.id(), i);
  sources_.schedule_traces();
  for (std::size_t r = 0; r < w_.reservations.size(); ++r)
    if (w_.reservations[r].end < kFarFuture) eng_.schedule_at(w_.reservations[r].end, on_reservation_.id(), 2 * r + 1);
}

void JobSystemImpl::bind_columns(Recorder& rec) {
  namespace c = columns;
  rec.use(jobs_columns());
  rec.bind(c::jobs_queued, [this] { return static_cast<double>(queue_.size()); });
  rec.bind(c::gpus_queued, [this] { return static_cast<double>(queue_.queued_gpus()); });
  rec.bind(c::jobs_running, [this] { return static_cast<double>(stats_.running()); });
  rec.bind(c::gpus_busy, [this] { return static_cast<double>(sites_.busy_gpus()); });
  rec.bind(c::utilization, [this] { return sites_.utilization(); });
  rec.bind(c::inference_gpus, [this] { return static_cast<double>(inference_.serving_gpus()); });
  rec.bind(c::inference_demand_gpus, [this] { return static_cast<double>(inference_.demand_gpus()); });
  rec.bind(c::vcpus_busy, [this] { return static_cast<double>(pool_.busy_vcpus()); });
  rec.bind(c::vcpus_pool, [this] { return static_cast<double>(pool_.vcpus()); });
  rec.bind(c::largest_free_run_gpus, [this] { return static_cast<double>(sites_.largest_free_run_gpus()); });
}

// ------------------------------------------------------------ capacity

void JobSystemImpl::gpus_up(std::uint32_t site, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) {
  sites_.bring_up(site, sku, rack, gpus);
  if (swings_) swings_->rack_sku(sites_.racks().rack_of(rack), sku);
  standbys_.refill(site);  // runs short of standbys (or shrunk) first
  stats_.levels(eng_.now());
  dispatch();
}

// The failed GPUs are concrete (jobs/rack_pool.hpp): every job holding one of
// them is interrupted, unless its standbys or elasticity absorb the failure
// (jobs/standby.hpp), and the inference replicas on them are lost (serve()
// places them again). No GPU that went down is busy, so busy <= up still holds
// at the site without interrupting anyone else.
void JobSystemImpl::gpus_down(std::uint32_t si, std::uint32_t sku, std::uint32_t rack, std::int64_t gpus) {
  const FailureHits& hits = sites_.take_down(si, sku, rack, gpus, rng_failed_);
  inference_.lost(hits.inference);
  victims_.assign(hits.jobs.begin(), hits.jobs.end());  // interrupt() may not touch hits, but copy to be safe
  lost_.assign(hits.gpus.begin(), hits.gpus.end());
  const auto& failed = sites_.racks().last_failed();
  for (std::size_t i = 0; i < victims_.size(); ++i) {
    const Absorbed a = standbys_.absorb(victims_[i], si, lost_[i], failed);
    if (a == Absorbed::no) interrupt(victims_[i]);
    else if (a != Absorbed::standby) stats_.interrupted();  // a swap or a shrink: work lost, no requeue
  }
  stats_.levels(eng_.now());
  dispatch();
}

// ------------------------------------------------------------ events

void JobSystemImpl::pool_step(std::uint64_t step) {
  pool_.resize(w_.cpu_pool->vcpus[step], rng_hits_, *this);
  stats_.levels(eng_.now());
  dispatch();
}

void JobSystemImpl::demand_step(std::uint64_t step) {
  inference_.set_demand(step);
  stats_.levels(eng_.now());
  dispatch();
}

void JobSystemImpl::reservation_step(std::uint64_t code) {
  reservations_.set_active(code / 2, code % 2 == 0);
  dispatch();
}

void JobSystemImpl::job_end(std::uint64_t id) {
  table_.account_end(id, eng_.now());
  stats_.completed();
  release(id);
  table_.retire(id);  // done: its parts and GPUs held freed
  if (const JobRow& row = table_.row(id); row.kind == JobSource::training) on_training_done_(row.source);
  dispatch();
}

// ------------------------------------------------------------ jobs

void JobSystemImpl::submit(const NewJob& job) {
  const std::uint64_t id = table_.add(job, eng_.now());
  reservations_.submitted(id, job);
  enqueue(id, /*interrupted=*/false);
}

void JobSystemImpl::enqueue(std::uint64_t id, bool interrupted) {
  const JobRow& row = table_.row(id);
  JobRun& run = table_.run(id);
  const std::int64_t gpus = row.resource == JobResource::gpu ? row.gpus : 0;
  run.queue_pos = queue_.push(id, row.priority, table_.tenant(id), interrupted, eng_.now(), gpus);
  run.state = JobState::queued;
  if (reservations_.reserved_run(id)) queued_holders_.insert(id);
  tenant_first_.queued(id, *run.queue_pos, row.resource == JobResource::gpu);
}

void JobSystemImpl::start_holders() {
  holders_.assign(queued_holders_.begin(), queued_holders_.end());
  for (std::uint64_t id : holders_) {
    if (table_.run(id).state != JobState::queued) {
      queued_holders_.erase(id);
      continue;
    }
    if (!reservations_.holds_active(reservations_.holder(id))) continue;
    placement_.set_reclaim(true);
    const bool fits = placement_.place(table_.row(id), table_.run(id));
    placement_.set_reclaim(false);
    if (!fits) continue;
    const std::vector<PlanPart> plan = placement_.plan();  // interrupt() may dispatch nothing, but copy
    for (const PlanPart& p : plan)
      while (reservations_.must_reclaim(p.site, reservations_.holder(id), p.units)) {
        interrupt(reservations_.victim(p.site));
        ++reclaimed_;
      }
    placement_.place(table_.row(id), table_.run(id));  // the same plan, now without reclaiming
    start(id);
    queued_holders_.erase(id);
  }
}

// Inference first, then the queue in order while its head fits, then backfilling.
void JobSystemImpl::dispatch() {
  if (inference_.active()) {
    inference_.serve(sites_, rng_hits_, *this);
    stats_.levels(eng_.now());
  }
  if (!queued_holders_.empty()) start_holders();
  if (tenant_first_.waiting()) tenant_first_.pass(table_, placement_, *this);
  while (!queue_.empty()) {
    const std::uint64_t id = queue_.head();
    if (!placement_.place(table_.row(id), table_.run(id))) break;
    start(id);
  }
  if (queue_.backfills() && queue_.size() > 1) backfill_.pass(eng_.now(), queue_, table_, placement_, *this);
}

void JobSystemImpl::start(std::uint64_t id) {
  const Tick now = eng_.now();
  JobRow& row = table_.row(id);
  JobRun& run = table_.run(id);
  const bool cpu = row.resource == JobResource::cpu;
  tenant_first_.dequeued(id, *run.queue_pos);
  queue_.erase(run.queue_pos, cpu ? 0 : row.gpus);
  run.state = JobState::running;
  run.started = now;
  run.restart_cost_hours = run.restarting ? run.restart_hours : 0.0;
  run.throughput = cpu ? 1.0 : placement_.plan_speed();
  const Tick end = now + ticks_from_hours(run.hours_to_end());
  run.expected_end = end;
  run.end_event = eng_.schedule_at(end, on_end_.id(), id);
  run.parts.clear();
  for (const PlanPart& p : placement_.plan())
    run.parts.push_back(
        JobRun::Part{p.site, p.units,
                     cpu ? pool_.hold(id, p.units, end) : sites_.hold(p.site, id, p.units, end, run.held, p.domain)});
  standbys_.started(id);
  if (swings_ && !cpu) swings_->started(id, row.working_units(), run);
  stats_.levels(now);
  const bool first = row.first_start < 0;
  if (first) row.first_start = now;
  stats_.started(first, to_hours(now - row.submit));
  row.site = cpu ? static_cast<int>(sites_.size()) : static_cast<int>(placement_.plan().front().site);
  reservations_.started(id, run.parts);
  table_.set_flop_per_gpu_hour(id, cpu ? 0.0 : plan_flop_per_gpu_hour(row.gpus));
}

double JobSystemImpl::plan_flop_per_gpu_hour(std::int64_t gpus) const {
  double flop = 0;
  for (const PlanPart& p : placement_.plan()) flop += sites_.mean_fp8_pflops(p.site) * static_cast<double>(p.units);
  return flop / static_cast<double>(gpus) * 1e15 * 3600.0;
}

void JobSystemImpl::release(std::uint64_t id) {
  const Tick now = eng_.now();
  const JobRow& row = table_.row(id);
  JobRun& run = table_.run(id);
  queue_.used(table_.tenant(id), to_hours(now - run.started) * static_cast<double>(row.gpus), now);
  for (const JobRun::Part& part : run.parts) {
    if (row.resource == JobResource::cpu) pool_.release(id, part.units, run.expected_end, part.slot);
    else sites_.release(part.site, id, part.units, run.expected_end, part.slot);
  }
  standbys_.stopped(id);
  if (swings_) swings_->stopped(id);
  if (row.resource == JobResource::gpu) sites_.free_held(id, run.held);
  reservations_.released(id, run.parts);
  stats_.levels(now);
  stats_.released();
}

// A failure, a preemption or a pool shrink hit the job: it keeps the work up
// to its last checkpoint and queues again.
void JobSystemImpl::interrupt(std::uint64_t id) {
  JobRun& run = table_.run(id);
  eng_.cancel(run.end_event);
  table_.account_interrupt(id, eng_.now());
  stats_.interrupted();
  release(id);
  run.restarting = run.checkpoint_hours > 0;
  enqueue(id, /*interrupted=*/true);
}

void JobSystemImpl::finish() {
  const Tick now = eng_.now();
  stats_.levels(now);
  table_.account_running(now);
  if (swings_) swings_->finish();
  finished_at_ = now;
}

}  // namespace detail

JobSystem::JobSystem(Engine& engine, const Scenario& scenario, Buildout& fleet, std::uint64_t seed) {
  if (!scenario.workloads) throw Error("jobs.none", "the scenario has no workloads");
  impl_ = std::make_unique<detail::JobSystemImpl>(engine, scenario, seed,
                                                  [&fleet](std::uint32_t run) { fleet.training_run_finished(run); });
  impl_->use_fabric(scenario, fleet.fabric());
  fleet.add_listener(*impl_);
  impl_->bind_columns(fleet.recorder());
}
JobSystem::~JobSystem() = default;
void JobSystem::finish() { impl_->finish(); }
const std::vector<JobRow>& JobSystem::jobs() const { return impl_->jobs(); }
std::vector<JobRow> JobSystem::take_jobs() { return impl_->take_jobs(); }
JobsSummary JobSystem::summary() const { return impl_->summary(); }

}  // namespace gwsim

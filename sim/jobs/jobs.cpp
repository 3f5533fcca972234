#include "jobs/jobs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "core/stats.hpp"
#include "jobs/columns.hpp"
#include "jobs/policy.hpp"
#include "core/distribution.hpp"

namespace gwsim {
namespace detail {

namespace {


// Running jobs of a site weighted by their GPUs, for drawing the job a
// failure hits in O(log n): a Fenwick tree over slots.
class WeightedSlots {
 public:
  std::uint32_t add(std::uint64_t job, std::int64_t weight) {
    std::uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      slot = static_cast<std::uint32_t>(job_.size());
      job_.push_back(0);
      weight_.push_back(0);
      if (job_.size() > tree_.size()) rebuild(std::max<std::size_t>(64, 2 * tree_.size()));
    }
    job_[slot] = job;
    change(slot, weight);
    return slot;
  }
  void remove(std::uint32_t slot) {
    change(slot, -weight_[slot]);
    free_.push_back(slot);
  }
  std::int64_t total() const { return total_; }
  // The job holding the u-th unit of weight, 0 <= u < total().
  std::uint64_t pick(std::int64_t u) const {
    std::size_t pos = 0;
    std::size_t step = std::size_t{1} << (63 - __builtin_clzll(tree_.size()));
    for (; step > 0; step >>= 1) {
      if (pos + step <= tree_.size() && tree_[pos + step - 1] <= u) {
        pos += step;
        u -= tree_[pos - 1];
      }
    }
    return job_[pos];
  }

 private:
  void change(std::uint32_t slot, std::int64_t delta) {
    weight_[slot] += delta;
    total_ += delta;
    for (std::size_t i = slot + 1; i <= tree_.size(); i += i & (~i + 1)) tree_[i - 1] += delta;
  }
  void rebuild(std::size_t n) {
    tree_.assign(n, 0);
    for (std::size_t i = 0; i < weight_.size(); ++i)
      for (std::size_t k = i + 1; k <= n; k += k & (~k + 1)) tree_[k - 1] += weight_[i];
  }
  std::vector<std::int64_t> tree_;
  std::vector<std::int64_t> weight_;
  std::vector<std::uint64_t> job_;
  std::vector<std::uint32_t> free_;
  std::int64_t total_ = 0;
};

enum class State : std::uint8_t { queued, running, done };

}  // namespace

class JobSystemImpl final : public CapacityListener {
 public:
  JobSystemImpl(Engine& eng, const Scenario& s, std::uint64_t seed)
      : eng_(eng),
        s_(s),
        w_(*s.workloads),
        streams_(seed),
        policy_(make_policy(*s.workloads)),
        rng_jobs_(streams_.stream("jobs")),
        rng_hits_(streams_.stream("job_failures")),
        on_arrival_(*this, eng),
        on_submit_(*this, eng),
        on_end_(*this, eng),
        on_trace_(*this, eng),
        on_demand_(*this, eng),
        on_pool_(*this, eng) {
    gpu_sites_ = s_.sites.size();
    sites_.resize(gpu_sites_ + 1);  // the last one is the CPU pool (vCPUs)
    if (w_.cpu_pool)
      for (std::size_t i = 0; i < w_.cpu_pool->dates.size(); ++i) eng_.schedule_at(w_.cpu_pool->dates[i], on_pool_.id(), i);
    for (Site& site : sites_) site.up_by_sku.assign(s_.skus.size(), 0);
    stream_count_.assign(w_.streams.size(), 0);
    for (std::size_t i = 0; i < w_.streams.size(); ++i) {
      const JobStream& st = w_.streams[i];
      schedule_arrival(i, st.start);
    }
    for (std::size_t i = 0; i < w_.training.size(); ++i) eng_.schedule_at(w_.training[i].submit, on_submit_.id(), i);
    if (w_.inference)
      for (std::size_t i = 0; i < w_.inference->dates.size(); ++i) eng_.schedule_at(w_.inference->dates[i], on_demand_.id(), i);
    trace_next_.assign(w_.traces.size(), 0);
    for (std::size_t i = 0; i < w_.traces.size(); ++i) schedule_trace(i);
  }

  // ------------------------------------------------------------ capacity

  void gpus_up(std::uint32_t site, std::uint32_t sku, std::int64_t gpus) override {
    sites_[site].up += gpus;
    sites_[site].up_by_sku[sku] += gpus;
    up_total_ += gpus;
    levels(eng_.now());
    schedule();
  }

  void gpus_down(std::uint32_t si, std::uint32_t sku, std::int64_t gpus) override {
    Site& site = sites_[si];
    const std::int64_t up_before = site.up;
    site.up -= gpus;
    site.up_by_sku[sku] -= gpus;
    up_total_ -= gpus;
    // The failed GPUs sit at a uniform place among the site's up GPUs: a
    // running job is hit with probability busy / up, in proportion to its GPUs.
    if (site.busy > 0 && up_before > 0) {
      const double u = boost::random::uniform_real_distribution<double>(0.0, static_cast<double>(up_before))(rng_hits_);
      if (u < static_cast<double>(site.inference)) {
        // inference replicas on the failed GPUs are lost; they are placed again below
        const std::int64_t lost = std::min(gpus, site.inference);
        site.inference -= lost;
        site.busy -= lost;
        inference_total_ -= lost;
        busy_total_ -= lost;
      } else if (u < static_cast<double>(site.busy)) {
        interrupt(site.running_weights.pick(static_cast<std::int64_t>(u - static_cast<double>(site.inference))));
      }
    }
    // Fewer GPUs up than are busy: more jobs must give way.
    while (site.busy > site.up && site.running_weights.total() > 0) {
      const std::int64_t jobs_busy = site.running_weights.total();
      const auto u = static_cast<std::int64_t>(
          boost::random::uniform_real_distribution<double>(0.0, static_cast<double>(jobs_busy))(rng_hits_));
      interrupt(site.running_weights.pick(std::min(u, jobs_busy - 1)));
    }
    if (site.busy > site.up) {  // only inference left
      const std::int64_t give = site.busy - site.up;
      site.inference -= give;
      site.busy -= give;
      inference_total_ -= give;
      busy_total_ -= give;
    }
    levels(eng_.now());
    schedule();
  }

  // ------------------------------------------------------------ sampling

  void bind_columns(Recorder& rec) {
    namespace c = columns;
    auto count = [](const auto& n) { return [&n] { return static_cast<double>(n); }; };
    rec.use(jobs_columns());
    rec.bind(c::jobs_queued, [this] { return static_cast<double>(queue_.size()); });
    rec.bind(c::gpus_queued, count(queued_gpus_));
    rec.bind(c::jobs_running, count(running_));
    rec.bind(c::gpus_busy, count(busy_total_));
    rec.bind(c::utilization, [this] {
      return up_total_ > 0 ? static_cast<double>(busy_total_) / static_cast<double>(up_total_) : 0.0;
    });
    rec.bind(c::inference_gpus, count(inference_total_));
    rec.bind(c::inference_demand_gpus, count(inference_demand_));
    rec.bind(c::vcpus_busy, count(cpu_busy_));
    rec.bind(c::vcpus_pool, [this] { return static_cast<double>(sites_[gpu_sites_].up); });
  }

  // ------------------------------------------------------------ events

  void arrival(std::uint64_t i) {
    const JobStream& st = w_.streams[i];
    ++stream_count_[i];
    const double g = std::ceil(std::max(1.0, gwsim::sample(st.gpus, rng_jobs_)));
    const std::int64_t gpus = static_cast<std::int64_t>(std::min(g, static_cast<double>(st.max_gpus)));
    const double hours = std::max(0.0, gwsim::sample(st.duration_hours, rng_jobs_));
    submit(JobSource::stream, static_cast<std::uint32_t>(i), 0, st.priority, gpus, hours, st.checkpoint_hours, 0.0,
           st.cpu ? static_cast<int>(gpu_sites_) : -1);
    const bool more = st.max_jobs == 0 || stream_count_[i] < static_cast<std::uint64_t>(st.max_jobs);
    if (more) {
      const double gap = boost::random::exponential_distribution<double>(st.arrivals_per_hour)(rng_jobs_);
      schedule_arrival(i, eng_.now() + std::max<Tick>(0, ticks_from_hours(gap)));
    }
    schedule();
  }

  void training_submit(std::uint64_t i) {
    const TrainingRun& t = w_.training[i];
    submit(JobSource::training, static_cast<std::uint32_t>(i), 0, t.priority, t.gpus, t.wall_hours, t.checkpoint_hours,
           t.restart_hours, t.site);
    runs_.back().cluster = t.cluster;
    rows_.back().cluster = t.cluster;
    schedule();
  }

  void pool_change(std::uint64_t i) {
    Site& pool = sites_[gpu_sites_];
    pool.up = w_.cpu_pool->vcpus[i];
    while (pool.busy > pool.up) {  // a shrinking pool interrupts jobs
      const std::int64_t busy = pool.running_weights.total();
      const auto u = static_cast<std::int64_t>(
          boost::random::uniform_real_distribution<double>(0.0, static_cast<double>(busy))(rng_hits_));
      interrupt(pool.running_weights.pick(std::min(u, busy - 1)));
    }
    levels(eng_.now());
    schedule();
  }

  void demand_change(std::uint64_t i) {
    inference_demand_ = w_.inference->gpus[i];
    levels(eng_.now());
    schedule();
  }

  // The next job of a replayed trace; one pending event per trace.
  void trace_job(std::uint64_t i) {
    const JobTrace& t = w_.traces[i];
    const std::size_t k = trace_next_[i]++;
    submit(JobSource::trace, static_cast<std::uint32_t>(i), t.tenant[k], t.priority, std::max<std::int64_t>(1, t.gpus[k]),
           t.duration_hours[k], t.checkpoint_hours, 0.0, -1);
    schedule_trace(i);
    schedule();
  }

  void job_end(std::uint64_t id) {
    const Tick now = eng_.now();
    JobRow& row = rows_[id];
    Run& run = runs_[id];
    const double elapsed = to_hours(now - run.started);
    row.run_hours += elapsed;
    row.useful_gpu_hours += run.remaining_hours * static_cast<double>(row.gpus);
    row.lost_gpu_hours += run.restart_cost_hours * static_cast<double>(row.gpus);
    run.remaining_hours = 0;
    row.completed = true;
    row.end = now;
    ++completed_;
    release(id);
    run.state = State::done;
    schedule();
  }

  // ------------------------------------------------------------ results

  void finish() {
    const Tick now = eng_.now();
    levels(now);
    for (std::uint64_t id = 0; id < rows_.size(); ++id) {
      Run& run = runs_[id];
      if (run.state != State::running) continue;
      // work done so far by jobs still running counts as useful (not lost)
      JobRow& row = rows_[id];
      const double elapsed = to_hours(now - run.started);
      const double progress = std::clamp(elapsed - run.restart_cost_hours, 0.0, run.remaining_hours);
      row.run_hours += elapsed;
      row.useful_gpu_hours += progress * static_cast<double>(row.gpus);
      row.lost_gpu_hours += (elapsed - progress) * static_cast<double>(row.gpus);
      run.started = now;
      run.remaining_hours -= progress;
      run.restart_cost_hours = 0;
    }
    finished_at_ = now;
  }

  const std::vector<JobRow>& jobs() const { return rows_; }

  JobsSummary summary() const {
    JobsSummary out;
    out.submitted = rows_.size();
    out.started = started_;
    out.completed = completed_;
    out.interruptions = interruptions_;
    if (waits_.count() > 0) {
      out.wait_mean_hours = waits_.mean();
      out.wait_p50_hours = waits_.quantile(0.5);
      out.wait_p90_hours = waits_.quantile(0.9);
      out.wait_p99_hours = waits_.quantile(0.99);
      out.wait_max_hours = waits_.max();
    }
    const double busy = busy_tw_.integral_hours(finished_at_);
    const double up = up_tw_.integral_hours(finished_at_);
    out.busy_gpu_hours = busy;
    out.utilization = up > 0 ? busy / up : 0.0;
    double flop = 0;
    for (const JobRow& r : rows_) {
      if (runs_[r.id].allowed_site == static_cast<int>(gpu_sites_)) continue;  // CPU job
      out.useful_gpu_hours += r.useful_gpu_hours;
      flop += r.useful_gpu_hours * flops_[r.id];
    }
    out.inference_served_gpu_hours = inference_tw_.integral_hours(finished_at_);
    out.inference_demand_gpu_hours = demand_tw_.integral_hours(finished_at_);
    out.preemptions = preemptions_;
    out.cpu_busy_vcpu_hours = cpu_busy_tw_.integral_hours(finished_at_);
    const double cpu_up = cpu_up_tw_.integral_hours(finished_at_);
    out.cpu_utilization = cpu_up > 0 ? out.cpu_busy_vcpu_hours / cpu_up : 0.0;
    // goodput counts inference GPU-hours as useful work
    out.goodput = busy > 0 ? (out.useful_gpu_hours + out.inference_served_gpu_hours) / busy : 0.0;
    out.useful_fp8_flop = flop;
    for (std::uint64_t id = 0; id < rows_.size(); ++id) {
      const JobRow& r = rows_[id];
      if (r.kind != JobSource::training) continue;
      TrainingSummary t;
      t.name = w_.training[r.source].name;
      t.interruptions = r.interruptions;
      t.lost_gpu_hours = r.lost_gpu_hours;
      t.completed = r.completed;
      t.end = r.end;
      const Tick last = r.completed ? r.end : finished_at_;
      if (r.first_start >= 0 && last > r.first_start)
        t.effective_training_time = r.useful_gpu_hours / static_cast<double>(r.gpus) / to_hours(last - r.first_start);
      out.training.push_back(std::move(t));
    }
    return out;
  }

 private:
  struct Site {
    std::int64_t up = 0;
    std::int64_t busy = 0;       // jobs and inference
    std::int64_t inference = 0;  // GPUs serving inference
    std::vector<std::int64_t> up_by_sku;
    WeightedSlots running_weights;
    std::multiset<std::tuple<Tick, std::uint64_t, std::int64_t>> ends;  // (expected end, job, GPUs here)
  };
  // Run-time state of a job (the output row holds the rest).
  struct Run {
    State state = State::queued;
    double remaining_hours = 0;   // work left, in hours at the job's GPU count
    double checkpoint_hours = 0;  // 0: no checkpoints
    double restart_hours = 0;
    double restart_cost_hours = 0;  // paid in the current run
    bool restarting = false;        // the next start pays restart_hours
    int allowed_site = -1;
    Tick started = 0;
    Tick expected_end = 0;
    EventId end_event;
    int cluster = -1;
    // where it runs: one part per site (several for a job spanning a cluster)
    struct Part {
      std::uint32_t site;
      std::int64_t gpus;
      std::uint32_t slot;  // in the site's running_weights
    };
    std::vector<Part> parts;
    std::set<std::tuple<std::int64_t, std::uint64_t, std::uint64_t>>::iterator queue_pos;
  };
  using QueueKey = std::tuple<std::int64_t, std::uint64_t, std::uint64_t>;  // (rank, sequence, job)

  void schedule_trace(std::size_t i) {
    const JobTrace& t = w_.traces[i];
    const std::size_t k = trace_next_[i];
    if (k >= t.submit_hours.size()) return;
    const Tick at = t.start + ticks_from_hours(t.submit_hours[k]);
    if (at <= s_.end + days(1)) eng_.schedule_at(std::max(at, eng_.now()), on_trace_.id(), i);
  }

  void schedule_arrival(std::size_t i, Tick at) {
    if (at < w_.streams[i].end && at <= s_.end + days(1)) eng_.schedule_at(at, on_arrival_.id(), i);
  }

  void submit(JobSource kind, std::uint32_t source, std::uint32_t tenant, int priority, std::int64_t gpus, double hours,
              double ckpt, double restart, int site) {
    const std::uint64_t id = rows_.size();
    JobRow row;
    row.id = id;
    row.kind = kind;
    row.source = source;
    row.tenant = tenant;
    row.priority = priority;
    row.gpus = gpus;
    row.submit = eng_.now();
    rows_.push_back(row);
    // tenants: a stream's tenant, a trace's user, a training run's name
    const std::string& name = kind == JobSource::training ? w_.training[source].name
                              : kind == JobSource::trace  ? w_.traces[source].tenants[tenant]
                                                          : w_.streams[source].tenant;
    auto [it, fresh] = tenant_ids_.try_emplace(name, static_cast<std::uint32_t>(tenant_ids_.size()));
    (void)fresh;
    tenant_of_.push_back(it->second);
    Run run;
    run.remaining_hours = hours;
    run.checkpoint_hours = ckpt;
    run.restart_hours = restart;
    run.allowed_site = site;
    runs_.push_back(run);
    flops_.push_back(0.0);
    enqueue(id, /*interrupted=*/false);
  }

  void enqueue(std::uint64_t id, bool interrupted) {
    const std::int64_t rank = policy_->rank(rows_[id].priority, tenant_of_[id], interrupted, eng_.now());
    auto [it, ok] = queue_.insert(QueueKey{rank, seq_++, id});
    runs_[id].queue_pos = it;
    runs_[id].state = State::queued;
    if (runs_[id].allowed_site != static_cast<int>(gpu_sites_)) queued_gpus_ += rows_[id].gpus;
  }

  // Utilisation bookkeeping: the busy and up levels change at `now`.
  void levels(Tick now) {
    busy_tw_.set(now, static_cast<double>(busy_total_));
    up_tw_.set(now, static_cast<double>(up_total_));
    inference_tw_.set(now, static_cast<double>(inference_total_));
    cpu_busy_tw_.set(now, static_cast<double>(cpu_busy_));
    cpu_up_tw_.set(now, static_cast<double>(sites_[gpu_sites_].up));
    demand_tw_.set(now, static_cast<double>(inference_demand_));
  }

  // The site with the most free GPUs that fits `gpus` (and is allowed), or -1.
  // O(sites): sites are few (hundreds) next to racks and jobs.
  int best_site(std::int64_t gpus, int allowed) const {
    if (allowed >= 0) return sites_[static_cast<std::size_t>(allowed)].up - sites_[static_cast<std::size_t>(allowed)].busy >= gpus ? allowed : -1;
    int best = -1;
    std::int64_t best_free = gpus - 1;
    for (std::size_t i = 0; i < gpu_sites_; ++i) {
      const std::int64_t free = sites_[i].up - sites_[i].busy;
      if (free > best_free) {
        best_free = free;
        best = static_cast<int>(i);
      }
    }
    return best;
  }

  // Where job `id` could start now, into plan_ (site, GPUs): one site, or
  // the sites of its cluster with the most free GPUs first. False if none.
  bool place(std::uint64_t id) {
    plan_.clear();
    const std::int64_t need = rows_[id].gpus;
    const int cl = runs_[id].cluster;
    if (cl < 0) {
      const int si = best_site(need, runs_[id].allowed_site);
      if (si < 0) return false;
      plan_.emplace_back(static_cast<std::uint32_t>(si), need);
      return true;
    }
    const std::vector<int>& members = w_.clusters[static_cast<std::size_t>(cl)].sites;
    std::int64_t free = 0;
    for (int m : members) free += std::max<std::int64_t>(0, sites_[static_cast<std::size_t>(m)].up - sites_[static_cast<std::size_t>(m)].busy);
    if (free < need) return false;
    order_.assign(members.begin(), members.end());
    std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) {
      const Site& x = sites_[static_cast<std::size_t>(a)];
      const Site& y = sites_[static_cast<std::size_t>(b)];
      return x.up - x.busy > y.up - y.busy;
    });
    std::int64_t left = need;
    for (int m : order_) {
      const Site& site = sites_[static_cast<std::size_t>(m)];
      const std::int64_t take = std::min(left, site.up - site.busy);
      if (take <= 0) break;
      plan_.emplace_back(static_cast<std::uint32_t>(m), take);
      left -= take;
      if (left == 0) break;
    }
    return true;
  }

  // Starts job `id` on plan_.
  void start(std::uint64_t id) {
    const Tick now = eng_.now();
    JobRow& row = rows_[id];
    Run& run = runs_[id];
    queue_.erase(run.queue_pos);
    const bool cpu = plan_.front().first == gpu_sites_;
    if (!cpu) queued_gpus_ -= row.gpus;
    for (const auto& [si, g] : plan_) sites_[si].busy += g;
    (cpu ? cpu_busy_ : busy_total_) += row.gpus;
    levels(now);
    ++running_;
    run.state = State::running;
    run.started = now;
    run.restart_cost_hours = run.restarting ? run.restart_hours : 0.0;
    const Tick end = now + ticks_from_hours(run.restart_cost_hours + run.remaining_hours);
    run.expected_end = end;
    run.end_event = eng_.schedule_at(end, on_end_.id(), id);
    run.parts.clear();
    for (const auto& [si, g] : plan_) {
      run.parts.push_back(Run::Part{si, g, sites_[si].running_weights.add(id, g)});
      sites_[si].ends.emplace(end, id, g);
    }
    row.site = static_cast<int>(plan_.front().first);
    if (row.first_start < 0) {
      row.first_start = now;
      ++started_;
      waits_.add(to_hours(now - row.submit));
    }
    // FP8 PFLOPS per GPU at its sites now (their SKU mix), for useful-FLOP accounting
    double flop = 0;
    for (const auto& [si, g] : plan_) {
      const Site& site = sites_[si];
      double pf = 0;
      std::int64_t n = 0;
      for (std::size_t k = 0; k < site.up_by_sku.size(); ++k) {
        pf += static_cast<double>(site.up_by_sku[k]) * s_.skus[k].fp8_pflops_per_gpu;
        n += site.up_by_sku[k];
      }
      if (n > 0) flop += pf / static_cast<double>(n) * static_cast<double>(g);
    }
    flops_[id] = flop / static_cast<double>(row.gpus) * 1e15 * 3600.0;
  }

  void release(std::uint64_t id) {
    Run& run = runs_[id];
    JobRow& row = rows_[id];
    policy_->used(tenant_of_[id], to_hours(eng_.now() - run.started) * static_cast<double>(row.gpus), eng_.now());
    for (const Run::Part& part : run.parts) {
      Site& site = sites_[part.site];
      site.busy -= part.gpus;
      site.running_weights.remove(part.slot);
      site.ends.erase(site.ends.find({run.expected_end, id, part.gpus}));
    }
    (static_cast<std::size_t>(row.site) == gpu_sites_ ? cpu_busy_ : busy_total_) -= row.gpus;
    levels(eng_.now());
    --running_;
  }

  // A failure hit the job: it keeps the work up to its last checkpoint.
  void interrupt(std::uint64_t id) {
    const Tick now = eng_.now();
    JobRow& row = rows_[id];
    Run& run = runs_[id];
    eng_.cancel(run.end_event);
    const double elapsed = to_hours(now - run.started);
    const double progress = std::clamp(elapsed - run.restart_cost_hours, 0.0, run.remaining_hours);
    const double saved =
        run.checkpoint_hours > 0 ? std::min(progress, std::floor(progress / run.checkpoint_hours) * run.checkpoint_hours) : 0.0;
    row.run_hours += elapsed;
    row.useful_gpu_hours += saved * static_cast<double>(row.gpus);
    row.lost_gpu_hours += (elapsed - saved) * static_cast<double>(row.gpus);
    run.remaining_hours -= saved;
    ++row.interruptions;
    ++interruptions_;
    release(id);
    run.restarting = run.checkpoint_hours > 0;
    enqueue(id, /*interrupted=*/true);
  }

  // Starts what the policy allows.
  void schedule() {
    if (w_.inference) serve_inference();
    while (!queue_.empty()) {
      const std::uint64_t id = std::get<2>(*queue_.begin());
      if (!place(id)) break;
      start(id);
    }
    if (policy_->backfills() && queue_.size() > 1) backfill();
  }

  // Inference comes first: it takes free GPUs (the sites with the fewest free
  // first) up to its demand, preempts running jobs if allowed, and gives back
  // what the demand no longer needs.
  void serve_inference() {
    const Tick now = eng_.now();
    std::int64_t excess = inference_total_ - inference_demand_;
    for (std::size_t i = 0; i < gpu_sites_ && excess > 0; ++i) {
      Site& site = sites_[i];
      const std::int64_t give = std::min(excess, site.inference);
      site.inference -= give;
      site.busy -= give;
      inference_total_ -= give;
      busy_total_ -= give;
      excess -= give;
    }
    std::int64_t deficit = inference_demand_ - inference_total_;
    while (deficit > 0) {
      // pack inference into the sites with the fewest free GPUs, keeping large
      // blocks free for gang-scheduled jobs
      int best = -1;
      std::int64_t best_free = std::numeric_limits<std::int64_t>::max();
      for (std::size_t i = 0; i < gpu_sites_; ++i) {
        const std::int64_t free = sites_[i].up - sites_[i].busy;
        if (free > 0 && free < best_free) {
          best_free = free;
          best = static_cast<int>(i);
        }
      }
      if (best < 0) {
        if (!w_.inference->preempt) break;
        // preempt: the job holding a uniform busy GPU among all sites' jobs
        int victim_site = -1;
        std::int64_t most = 0;
        for (std::size_t i = 0; i < gpu_sites_; ++i)
          if (sites_[i].running_weights.total() > most) {
            most = sites_[i].running_weights.total();
            victim_site = static_cast<int>(i);
          }
        if (victim_site < 0) break;
        WeightedSlots& w = sites_[static_cast<std::size_t>(victim_site)].running_weights;
        const auto u = static_cast<std::int64_t>(
            boost::random::uniform_real_distribution<double>(0.0, static_cast<double>(w.total()))(rng_hits_));
        interrupt(w.pick(std::min(u, w.total() - 1)));
        ++preemptions_;
        continue;
      }
      Site& site = sites_[static_cast<std::size_t>(best)];
      const std::int64_t take = std::min(deficit, best_free);
      site.inference += take;
      site.busy += take;
      inference_total_ += take;
      busy_total_ += take;
      deficit -= take;
    }
    levels(now);
  }

  // EASY: the head keeps a reservation at the earliest time enough GPUs free
  // up at some site (expected ends are exact: durations are known); later jobs
  // may start now if they end before it, or use GPUs it will not need.
  void backfill() {
    const Tick now = eng_.now();
    const std::uint64_t head = std::get<2>(*queue_.begin());
    const std::int64_t need = rows_[head].gpus;
    // The reservation: the earliest instant at which enough GPUs free up in one
    // group of sites the head may use (a site, or its cluster), walking the
    // running jobs' expected ends in order.
    Tick shadow = std::numeric_limits<Tick>::max();
    std::int64_t extra = 0;
    std::fill(in_shadow_.begin(), in_shadow_.end(), 0);
    in_shadow_.resize(sites_.size(), 0);
    auto try_group = [&](const std::vector<int>& group) {
      std::int64_t free = 0, total = 0;
      for (int m : group) {
        free += sites_[static_cast<std::size_t>(m)].up - sites_[static_cast<std::size_t>(m)].busy;
        total += sites_[static_cast<std::size_t>(m)].up;
      }
      if (total < need) return;  // cannot fit here even when empty
      // k-way walk over the group's ends (groups are a site or a few sites)
      cursors_.clear();
      for (int m : group) cursors_.emplace_back(sites_[static_cast<std::size_t>(m)].ends.begin(), sites_[static_cast<std::size_t>(m)].ends.end());
      for (;;) {
        std::size_t best = cursors_.size();
        for (std::size_t c = 0; c < cursors_.size(); ++c)
          if (cursors_[c].first != cursors_[c].second &&
              (best == cursors_.size() || std::get<0>(*cursors_[c].first) < std::get<0>(*cursors_[best].first)))
            best = c;
        if (best == cursors_.size()) return;
        const auto& [end, job, gpus] = *cursors_[best].first;
        (void)job;
        if (end >= shadow) return;
        free += gpus;
        ++cursors_[best].first;
        if (free >= need) {
          shadow = end;
          extra = free - need;
          std::fill(in_shadow_.begin(), in_shadow_.end(), 0);
          for (int m : group) in_shadow_[static_cast<std::size_t>(m)] = 1;
          return;
        }
      }
    };
    if (runs_[head].cluster >= 0) {
      try_group(w_.clusters[static_cast<std::size_t>(runs_[head].cluster)].sites);
    } else {
      for (std::size_t i = 0; i < sites_.size(); ++i) {
        if (runs_[head].allowed_site >= 0 ? static_cast<int>(i) != runs_[head].allowed_site : i >= gpu_sites_) continue;
        group_.assign(1, static_cast<int>(i));
        try_group(group_);
      }
    }
    std::int64_t max_free = 0;
    for (const Site& site : sites_) max_free = std::max(max_free, site.up - site.busy);
    int examined = 0;
    for (auto it = std::next(queue_.begin()); it != queue_.end() && examined < w_.backfill_depth;) {
      ++examined;
      const std::uint64_t id = std::get<2>(*it);
      ++it;  // start() erases the job's entry
      const std::int64_t g = rows_[id].gpus;
      if (runs_[id].cluster < 0 && g > max_free) continue;
      if (!place(id)) continue;
      const Run& run = runs_[id];
      const Tick end = now + ticks_from_hours((run.restarting ? run.restart_hours : 0.0) + run.remaining_hours);
      if (end > shadow) {
        std::int64_t in_group = 0;
        for (const auto& [si, gp] : plan_) in_group += in_shadow_[si] ? gp : 0;
        if (in_group > extra) continue;
        extra -= in_group;
      }
      start(id);
      max_free = 0;
      for (const Site& site : sites_) max_free = std::max(max_free, site.up - site.busy);
    }
  }

  Engine& eng_;
  const Scenario& s_;
  const Workloads& w_;
  RandomStreams streams_;
  std::unique_ptr<QueuePolicy> policy_;
  RandomEngine rng_jobs_, rng_hits_;
  std::vector<Site> sites_;
  std::vector<JobRow> rows_;
  std::vector<Run> runs_;
  std::vector<double> flops_;  // useful FLOP per useful GPU-hour, by job
  // scratch space reused by place() and backfill()
  std::vector<std::pair<std::uint32_t, std::int64_t>> plan_;
  std::vector<int> order_, group_;
  std::vector<char> in_shadow_;
  using EndsIter = std::multiset<std::tuple<Tick, std::uint64_t, std::int64_t>>::const_iterator;
  std::vector<std::pair<EndsIter, EndsIter>> cursors_;
  std::set<QueueKey> queue_;
  std::uint64_t seq_ = 0;
  std::vector<std::uint64_t> stream_count_;
  std::vector<std::size_t> trace_next_;
  std::map<std::string, std::uint32_t> tenant_ids_;  // tenants by name
  std::vector<std::uint32_t> tenant_of_;             // each job's tenant
  std::int64_t queued_gpus_ = 0, busy_total_ = 0, up_total_ = 0;
  std::uint64_t running_ = 0, started_ = 0, completed_ = 0, interruptions_ = 0;
  TimeWeighted busy_tw_, up_tw_, inference_tw_, demand_tw_, cpu_busy_tw_, cpu_up_tw_;
  std::size_t gpu_sites_ = 0;  // sites_[gpu_sites_] is the CPU pool
  std::int64_t cpu_busy_ = 0;
  std::int64_t inference_total_ = 0, inference_demand_ = 0;
  std::uint64_t preemptions_ = 0;
  Tally waits_;
  Tick finished_at_ = 0;

 public:
  MemberHandler<JobSystemImpl, &JobSystemImpl::arrival> on_arrival_;
  MemberHandler<JobSystemImpl, &JobSystemImpl::training_submit> on_submit_;
  MemberHandler<JobSystemImpl, &JobSystemImpl::job_end> on_end_;
  MemberHandler<JobSystemImpl, &JobSystemImpl::trace_job> on_trace_;
  MemberHandler<JobSystemImpl, &JobSystemImpl::demand_change> on_demand_;
  MemberHandler<JobSystemImpl, &JobSystemImpl::pool_change> on_pool_;
};

}  // namespace detail

JobSystem::JobSystem(Engine& engine, const Scenario& scenario, Buildout& fleet, std::uint64_t seed) {
  if (!scenario.workloads) throw Error("jobs.none", "the scenario has no workloads");
  impl_ = std::make_unique<detail::JobSystemImpl>(engine, scenario, seed);
  fleet.add_listener(*impl_);
  impl_->bind_columns(fleet.recorder());
}
JobSystem::~JobSystem() = default;
void JobSystem::finish() { impl_->finish(); }
const std::vector<JobRow>& JobSystem::jobs() const { return impl_->jobs(); }
JobsSummary JobSystem::summary() const { return impl_->summary(); }

}  // namespace gwsim

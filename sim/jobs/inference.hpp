// gwsim/sim/jobs/inference.hpp -- the inference service: a demand curve of
// GPUs (a workloads' "inference") served before any queued job.
//
// Inference takes free GPUs anywhere (replicas are not gang scheduled),
// packing them into the sites with the fewest free GPUs so that large
// blocks stay free for gang-scheduled jobs; with `preempt` it interrupts
// running jobs until the demand is met. When the demand falls it gives GPUs
// back (the lowest-numbered sites first). Failures take replicas down with
// the GPUs they ran on (lost()); serve() places them again.
//
// Placement rules (docs/jobs.md, "Inference"): only at the pinned sites (if
// any), at most the site's cap there; with reservations, first at sites
// where no other holder's reserved GPUs stand idle, never on those; a
// shortfall interrupts preemptible jobs first (with `preempt`, or at a site
// where inference holds a reservation), then, with `preempt`, a drawn job,
// unless that job is a training run holding a reservation or holds one
// active now: that preemption is refused (counted) and serve() stops short.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/random.hpp"
#include "jobs/gpu_sites.hpp"
#include "jobs/job_control.hpp"
#include "jobs/reservations.hpp"
#include "scenario/scenario.hpp"

namespace gwsim::detail {

class InferenceService {
 public:
  // `spec` null: no inference (demand 0, serve() does nothing).
  explicit InferenceService(const Inference* spec) : spec_(spec) {}

  bool active() const { return spec_ != nullptr; }
  std::int64_t demand_gpus() const { return demand_; }
  std::int64_t serving_gpus() const { return serving_; }
  std::uint64_t preemptions() const { return preemptions_; }
  // Of those, the interruptions of preemptible jobs; and preemptions refused.
  std::uint64_t preemptible_preemptions() const { return preemptible_preemptions_; }
  std::uint64_t refused_preemptions() const { return refused_; }
  // The reservations to respect (null: none).
  void use(const Reservations* reservations) { res_ = reservations && reservations->any() ? reservations : nullptr; }

  // The demand becomes step `step` of the curve.
  void set_demand(std::size_t step) { demand_ = spec_->gpus[step]; }

  // Gives back GPUs above the demand, then takes free GPUs up to it; with
  // preemption, interrupts jobs (the job holding a uniform busy GPU at the
  // site where jobs hold the most; one draw from `rng` each) while no GPU is free.
  void serve(GpuSites& sites, RandomEngine& rng, JobControl& control);

  // A failure took down `gpus` GPUs serving inference (GpuSites::take_down
  // already counted them out of the site): their replicas are lost.
  void lost(std::int64_t gpus) { serving_ -= gpus; }

 private:
  // `gpus` more (fewer, if negative) serve inference at `site`.
  void move(GpuSites& sites, std::size_t site, std::int64_t gpus) {
    sites.change_inference(static_cast<std::uint32_t>(site), gpus);
    serving_ += gpus;
  }
  void give_back(GpuSites& sites);
  // The site with the fewest GPUs inference may take among those with some
  // (with `clear`: only sites where no other holder's reserved GPUs are idle), or -1.
  int fullest_with_free(const GpuSites& sites, bool clear) const;
  // The site where jobs hold the most GPUs (among those inference may grow at), or -1 if none holds any.
  int most_job_gpus(const GpuSites& sites) const;
  // GPUs inference may take at `site` now: free (less others' idle reserved
  // GPUs), within the pinning and the cap.
  std::int64_t may_take(const GpuSites& sites, std::size_t site) const;
  // Room under the pinning and the cap at `site`.
  std::int64_t room(const GpuSites& sites, std::size_t site) const;
  // Interrupts one job to make room; false if none may be.
  bool preempt_one(GpuSites& sites, RandomEngine& rng, JobControl& control);

  const Inference* spec_;
  std::int64_t demand_ = 0;
  std::int64_t serving_ = 0;
  std::uint64_t preemptions_ = 0;
  std::uint64_t preemptible_preemptions_ = 0;
  std::uint64_t refused_ = 0;
  const Reservations* res_ = nullptr;
};

}  // namespace gwsim::detail

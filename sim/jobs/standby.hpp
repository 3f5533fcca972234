// gwsim/sim/jobs/standby.hpp -- warm standby GPUs held by training runs, and
// elastic runs (docs/jobs.md, "Standbys" and "Elastic runs").
//
// A run with standbys holds, besides the GPUs it works on, standby GPUs (the
// last ones of its placement). A failure that takes some of its working GPUs
// down costs a swap while the standbys on hand cover them: the run restarts
// from its last checkpoint after a pause of swap_hours, at full size, and the
// standbys used become working GPUs; a failure of standby GPUs only costs
// them. An elastic run whose standbys do not cover a failure goes on with the
// working GPUs it has left, at proportional speed, after a restart from its
// last checkpoint (restart_hours), as long as it keeps its minimum. Otherwise
// the run is interrupted as any job (the caller requeues it).
//
// Runs short of GPUs (standbys used or lost, or shrunk) are listed by the
// sites where they hold GPUs; when GPUs come up at a site, the runs listed
// there (in order of id) take free GPUs back before the queue is served: a
// shrunk elastic run grows back to full size at once (a restart) when the
// site has enough free, then standbys are refilled.
#pragma once

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "core/engine.hpp"
#include "jobs/gpu_sites.hpp"
#include "jobs/job_table.hpp"

namespace gwsim::detail {

// What a failure on a running job's GPUs did (Standbys::absorb).
enum class Absorbed : std::uint8_t {
  no,       // the job must be interrupted
  standby,  // it lost standby GPUs only: it goes on unchanged
  swapped,  // standbys replaced its failed GPUs: it restarts from its checkpoint
  shrunk,   // elastic: it restarts from its checkpoint on fewer GPUs
};

class Standbys {
 public:
  // The end events of the runs it changes are scheduled for handler `on_end`.
  Standbys(Engine& eng, GpuSites& sites, JobTable& table, HandlerId on_end)
      : eng_(eng), sites_(sites), table_(table), on_end_(on_end), short_(sites.size()) {}

  // Job `id` just started (parts and GPUs held): its last standby GPUs are its standbys.
  void started(std::uint64_t id);
  // Job `id` gives back its GPUs (it ends or is interrupted; its books are
  // closed): it leaves the lists and will start again at full size.
  void stopped(std::uint64_t id);
  // Running job `id` lost `lost` of its GPUs at `site` to the failure that
  // took down `failed` (RackPool::last_failed()).
  Absorbed absorb(std::uint64_t id, std::uint32_t site, std::uint32_t lost,
                  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& failed);
  // GPUs came up at `site`: the runs short of GPUs there take free ones back.
  void refill(std::uint32_t site);

 private:
  // Job `id`'s hold at `site` changes by `gpus` GPUs and its end is `end`: the counts, and the end event.
  void rehold(std::uint64_t id, std::uint32_t site, std::int64_t gpus, Tick end);
  // Lists or unlists job `id` at the sites it holds GPUs at, by whether it is short of GPUs.
  void relist(std::uint64_t id);
  // Job `id` takes `gpus` free GPUs at `site`; with `spare`, they are standbys.
  void take(std::uint64_t id, std::uint32_t site, std::int64_t gpus, bool spare);

  Engine& eng_;
  GpuSites& sites_;
  JobTable& table_;
  HandlerId on_end_;
  std::vector<std::set<std::uint64_t>> short_;  // by site: runs short of GPUs holding some there
  std::vector<std::uint64_t> scratch_;
  std::vector<GpuSeg> taken_;  // scratch: the GPUs take() takes
};

}  // namespace gwsim::detail

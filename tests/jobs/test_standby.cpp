// Standbys and elastic runs (sim/jobs/standby.hpp; docs/jobs.md, "Standbys"
// and "Elastic runs") on a rig wired as jobs/jobs.cpp wires them: one site of
// racks of 8 GPUs in one node each, so that a failure of 8 GPUs takes a whole
// rack (jobs/rack_pool.hpp) and the cases are worked out by hand.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "jobs/gpu_sites.hpp"
#include "jobs/job_table.hpp"
#include "jobs/standby.hpp"

using namespace gwsim;
using namespace gwsim::detail;

namespace {

struct EndFn final : Handler {
  std::function<void(std::uint64_t)> f;
  void handle(std::uint64_t payload) override { f(payload); }
};

struct Rig {
  Engine eng;
  GpuSites sites{1, {1.0}, {8}};
  JobTable table;
  std::vector<TrainingRun> specs;
  std::string tenant = "t";
  RandomEngine rng{1};
  EndFn on_end;
  HandlerId end_id = eng.add_handler(on_end);
  Standbys standbys{eng, sites, table, end_id};
  std::vector<Tick> ends;  // by job: when it ended (-1: not yet)

  explicit Rig(int racks) {
    on_end.f = [this](std::uint64_t id) { end(id); };
    for (int r = 0; r < racks; ++r) sites.bring_up(0, 0, static_cast<std::uint32_t>(r), 8);
  }
  // A run of `gpus` GPUs, 10 h of work, 1 h checkpoints (free), restart 0.5 h.
  std::uint64_t submit(std::int64_t gpus, std::int64_t standby_nodes, double swap_minutes, bool elastic = false,
                       double min_fraction = 1) {
    TrainingRun t;
    t.gpus = gpus;
    t.standby_nodes = standby_nodes;
    t.swap_minutes = swap_minutes;
    t.elastic = elastic;
    t.elastic_min_fraction = min_fraction;
    specs.push_back(t);
    table.set_training(&specs, 8);
    NewJob j;
    j.kind = JobSource::training;
    j.source = static_cast<std::uint32_t>(specs.size() - 1);
    j.tenant_name = &tenant;
    j.units = gpus;
    j.work_hours = 10;
    j.checkpoint_hours = 1;
    j.restart_hours = 0.5;
    ends.push_back(-1);
    return table.add(j, eng.now());
  }
  // jobs.cpp's start() on one site.
  void start(std::uint64_t id) {
    JobRow& row = table.row(id);
    JobRun& run = table.run(id);
    run.state = JobState::running;
    run.started = eng.now();
    run.restart_cost_hours = run.restarting ? run.restart_hours : 0.0;
    const Tick end = eng.now() + ticks_from_hours(run.hours_to_end());
    run.expected_end = end;
    run.end_event = eng.schedule_at(end, end_id, id);
    run.parts.clear();
    run.parts.push_back(JobRun::Part{0, row.gpus, sites.hold(0, id, row.gpus, end, run.held)});
    standbys.started(id);
  }
  void release(std::uint64_t id) {
    JobRun& run = table.run(id);
    for (const JobRun::Part& p : run.parts) sites.release(p.site, id, p.units, run.expected_end, p.slot);
    standbys.stopped(id);
    sites.free_held(id, run.held);
  }
  void end(std::uint64_t id) {
    table.account_end(id, eng.now());
    release(id);
    table.run(id).state = JobState::done;
    ends[id] = eng.now();
  }
  // Rack `rack` fails whole at hour `h`: what it did to each job hit.
  std::vector<Absorbed> fail(std::uint32_t rack, double h) {
    eng.run_until(ticks_from_hours(h));
    const FailureHits hits = sites.take_down(0, 0, rack, sites.racks().up(sites.racks().rack_of(rack)), rng);
    std::vector<Absorbed> out;
    for (std::size_t i = 0; i < hits.jobs.size(); ++i) {
      const Absorbed a = standbys.absorb(hits.jobs[i], 0, hits.gpus[i], sites.racks().last_failed());
      if (a == Absorbed::no) {
        eng.cancel(table.run(hits.jobs[i]).end_event);
        table.account_interrupt(hits.jobs[i], eng.now());
        release(hits.jobs[i]);
        table.run(hits.jobs[i]).state = JobState::queued;
      }
      out.push_back(a);
    }
    return out;
  }
  void repair(std::uint32_t rack, double h) {
    eng.run_until(ticks_from_hours(h));
    sites.bring_up(0, 0, rack, 8 - sites.racks().up(sites.racks().rack_of(rack)));
    standbys.refill(0);
  }
  double end_hours(std::uint64_t id) {
    eng.run_until(ticks_from_hours(100));
    return to_hours(ends[id]);
  }
  // GPU-hours held over the run: useful + lost + standby idle.
  double accounted(std::uint64_t id) const {
    const JobRow& r = table.row(id);
    return r.useful_gpu_hours + r.lost_gpu_hours + table.standby(id)->standby_gpu_hours;
  }
};

}  // namespace

TEST_CASE("standby: one node failure costs a swap, not a requeue", "[jobs][standby]") {
  // 16 GPUs + 1 standby node on racks 0, 1 (working) and 2 (standby, the last
  // placed). Rack 0 fails at 2.5 h: the work since the 2 h checkpoint (0.5 h)
  // is lost, the swap pauses 6 min, the run goes on at 16 GPUs: the end moves
  // from 10 h to 10 + 0.5 + 0.1 = 10.6 h.
  Rig rig(4);
  const std::uint64_t id = rig.submit(16, 1, 6);
  REQUIRE(rig.table.row(id).gpus == 24);  // held at a start
  REQUIRE(rig.table.row(id).standby_gpus == 8);
  REQUIRE(rig.table.row(id).working_units() == 16);  // jobs.csv's gpus
  rig.start(id);
  REQUIRE(rig.sites[0].busy == 24);
  REQUIRE(rig.fail(0, 2.5) == std::vector<Absorbed>{Absorbed::swapped});
  REQUIRE(rig.sites[0].busy == 16);
  REQUIRE(rig.table.standby(id)->spare_gpus == 0);
  REQUIRE(rig.end_hours(id) == Approx(10.6));
  const JobRow& r = rig.table.row(id);
  REQUIRE(r.interruptions == 1);
  REQUIRE(rig.table.standby(id)->swaps == 1);
  REQUIRE(r.completed);
  REQUIRE(r.useful_gpu_hours == Approx(160));  // 10 h x 16 GPUs
  REQUIRE(r.lost_gpu_hours == Approx((0.5 + 0.1) * 16));
  REQUIRE(rig.table.standby(id)->standby_gpu_hours == Approx(2.5 * 8));  // idle until the swap
  REQUIRE(rig.accounted(id) == Approx(24 * 2.5 + 16 * 8.1));             // held GPU-hours
  REQUIRE(rig.sites[0].busy == 0);
}

TEST_CASE("standby: a second failure with the standby used requeues", "[jobs][standby]") {
  Rig rig(4);
  const std::uint64_t id = rig.submit(16, 1, 6);
  rig.start(id);
  REQUIRE(rig.fail(0, 2.5) == std::vector<Absorbed>{Absorbed::swapped});
  REQUIRE(rig.fail(1, 5.0) == std::vector<Absorbed>{Absorbed::no});
  REQUIRE(rig.table.row(id).interruptions == 2);
  REQUIRE(rig.table.standby(id)->swaps == 1);
  REQUIRE(rig.sites[0].busy == 0);
  // held: 24 GPUs for 2.5 h, then 16 for 2.5 h
  REQUIRE(rig.accounted(id) == Approx(24 * 2.5 + 16 * 2.5));
}

TEST_CASE("standby: a standby returned from repair absorbs the second failure", "[jobs][standby]") {
  // Rack 0 fails at 2.5 h (swap), is repaired at 4 h: the run takes 8 free
  // GPUs back as its standby before anything else. Rack 1 fails at 5 h:
  // another swap (the 5 h checkpoint is complete: nothing lost but the pause).
  Rig rig(4);
  const std::uint64_t id = rig.submit(16, 1, 6);
  rig.start(id);
  rig.fail(0, 2.5);
  rig.repair(0, 4.0);
  REQUIRE(rig.table.standby(id)->spare_gpus == 8);
  REQUIRE(rig.sites[0].busy == 24);
  REQUIRE(rig.fail(1, 5.0) == std::vector<Absorbed>{Absorbed::swapped});
  // after the first swap the segment starts at 2.5 h, works from 2.6 h: its
  // checkpoints complete at 3.6 and 4.6 h, so 0.4 h is lost at 5 h; end =
  // 5 + 0.1 + (10 - 2 - 2) = 11.1 h
  REQUIRE(rig.end_hours(id) == Approx(11.1));
  const JobRow& r = rig.table.row(id);
  REQUIRE(rig.table.standby(id)->swaps == 2);
  REQUIRE(r.lost_gpu_hours == Approx((0.5 + 0.1 + 0.4 + 0.1) * 16));
  REQUIRE(rig.table.standby(id)->standby_gpu_hours == Approx((2.5 + 1.0) * 8));
  REQUIRE(rig.accounted(id) == Approx(24 * 2.5 + 16 * 1.5 + 24 * 1.0 + 16 * 6.1));
}

TEST_CASE("standby: a failure of a standby GPU only costs the standby", "[jobs][standby]") {
  Rig rig(4);
  const std::uint64_t id = rig.submit(16, 1, 6);
  rig.start(id);
  REQUIRE(rig.fail(2, 3.5) == std::vector<Absorbed>{Absorbed::standby});
  REQUIRE(rig.table.row(id).interruptions == 0);
  REQUIRE(rig.table.standby(id)->spare_gpus == 0);
  REQUIRE(rig.sites[0].busy == 16);
  rig.repair(2, 5.0);  // it takes its standby back
  REQUIRE(rig.table.standby(id)->spare_gpus == 8);
  REQUIRE(rig.end_hours(id) == Approx(10.0));
  REQUIRE(rig.table.row(id).lost_gpu_hours == Approx(0));
  REQUIRE(rig.table.standby(id)->standby_gpu_hours == Approx((3.5 + 5.0) * 8));
}

TEST_CASE("elastic: a 2-node run losing a node goes on at half speed", "[jobs][elastic]") {
  // 16 GPUs, elastic down to 0.5. Rack 0 fails at 2.5 h: 2 h of work saved,
  // 8 h left at half speed (16 h) after a 0.5 h restart: end 19 h.
  Rig rig(2);
  const std::uint64_t id = rig.submit(16, 0, 0, true, 0.5);
  rig.start(id);
  REQUIRE(rig.fail(0, 2.5) == std::vector<Absorbed>{Absorbed::shrunk});
  REQUIRE(rig.sites[0].busy == 8);
  REQUIRE(rig.end_hours(id) == Approx(19.0));
  const JobRow& r = rig.table.row(id);
  REQUIRE(r.useful_gpu_hours == Approx(160));
  REQUIRE(r.lost_gpu_hours == Approx(0.5 * 16 + 0.5 * 8));
  REQUIRE(rig.table.standby(id)->elastic_hours == Approx(16.5));
  REQUIRE(rig.accounted(id) == Approx(16 * 2.5 + 8 * 16.5));
}

TEST_CASE("elastic: the run grows back at once when its node returns", "[jobs][elastic]") {
  // As above; rack 0 returns at 6.5 h: of 3.5 h worked at half speed, 3 wall
  // hours are checkpointed (1.5 h of work); 6.5 h left at full speed after a
  // 0.5 h restart: end 6.5 + 0.5 + 6.5 = 13.5 h.
  Rig rig(2);
  const std::uint64_t id = rig.submit(16, 0, 0, true, 0.5);
  rig.start(id);
  rig.fail(0, 2.5);
  rig.repair(0, 6.5);
  REQUIRE(rig.sites[0].busy == 16);
  REQUIRE(rig.end_hours(id) == Approx(13.5));
  REQUIRE(rig.table.row(id).useful_gpu_hours == Approx(160));
  REQUIRE(rig.accounted(id) == Approx(16 * 2.5 + 8 * 4.0 + 16 * 7.0));
}

TEST_CASE("elastic: below its minimum the run is interrupted", "[jobs][elastic]") {
  Rig rig(2);
  const std::uint64_t id = rig.submit(16, 0, 0, true, 0.75);
  rig.start(id);
  REQUIRE(rig.fail(0, 2.5) == std::vector<Absorbed>{Absorbed::no});
  REQUIRE(rig.sites[0].busy == 0);
}

TEST_CASE("standby property: GPUs held never exceed GPUs up, books balance", "[jobs][standby][property]") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Rig rig(12);
    RandomEngine rng(seed);
    const std::uint64_t a = rig.submit(32, 1, 6);             // 40 GPUs
    const std::uint64_t b = rig.submit(24, 1, 3, true, 0.5);  // 32 GPUs
    const std::uint64_t c = rig.submit(16, 0, 0, true, 0.5);  // 16 GPUs
    for (std::uint64_t id : {a, b, c}) rig.start(id);
    double h = 0;
    for (int step = 0; step < 40; ++step) {
      h += 0.25;
      const auto rack = boost::random::uniform_int_distribution<std::uint32_t>(0, 11)(rng);
      const std::uint32_t pr = rig.sites.racks().rack_of(rack);
      if (rig.sites.racks().up(pr) == 8) rig.fail(rack, h);
      else rig.repair(rack, h);
      std::int64_t held = 0;
      for (std::uint64_t id : {a, b, c}) {
        const JobRun& run = rig.table.run(id);
        if (run.state != JobState::running) continue;
        const StandbyRun& s = *rig.table.standby(id);
        held += run.working_gpus + s.spare_gpus;
        REQUIRE(run.working_gpus >= s.min_working_gpus);
        REQUIRE(static_cast<std::int64_t>(s.spares.size()) == s.spare_gpus);  // one label per standby GPU
        std::int64_t parts = 0;
        for (const JobRun::Part& p : run.parts) parts += p.units;
        REQUIRE(parts == run.working_gpus + s.spare_gpus);
      }
      REQUIRE(held == rig.sites[0].busy);
      REQUIRE(rig.sites[0].busy <= rig.sites[0].up);
    }
  }
}

TEST_CASE("standby: a one-GPU failure on the standby node costs only a standby", "[jobs][standby]") {
  Rig rig(4);
  const std::uint64_t id = rig.submit(16, 1, 6);
  rig.start(id);
  rig.eng.run_until(ticks_from_hours(1.5));
  const FailureHits hits = rig.sites.take_down(0, 0, 2, 1, rig.rng);
  REQUIRE(hits.jobs == std::vector<std::uint64_t>{id});
  REQUIRE(hits.gpus == std::vector<std::uint32_t>{1});
  REQUIRE(rig.standbys.absorb(id, 0, 1, rig.sites.racks().last_failed()) == Absorbed::standby);
  REQUIRE(rig.table.standby(id)->spare_gpus == 7);
  REQUIRE(rig.sites[0].busy == 23);
}

TEST_CASE("standby: only runs with standbys or elastic have standby state", "[jobs][standby]") {
  // The side table (JobTable::standby) keeps the 1e6-job streams' memory per
  // job as before standbys: a run with neither, or a stream job, has no entry.
  Rig rig(4);
  const std::uint64_t plain = rig.submit(16, 0, 0);
  const std::uint64_t standby = rig.submit(8, 1, 6);
  const std::uint64_t elastic = rig.submit(8, 0, 0, true, 0.5);
  NewJob j;
  j.tenant_name = &rig.tenant;
  j.units = 4;
  j.work_hours = 1;
  const std::uint64_t stream = rig.table.add(j, 0);
  REQUIRE(rig.table.standby(plain) == nullptr);
  REQUIRE(rig.table.standby(stream) == nullptr);
  REQUIRE(rig.table.standby(standby) != nullptr);
  REQUIRE(rig.table.standby(elastic) != nullptr);
  REQUIRE(rig.table.standby(elastic)->standby_gpus == 0);
  REQUIRE((rig.table.row(plain).gpus == 16 && rig.table.row(plain).standby_gpus == 0));
  REQUIRE((rig.table.row(standby).gpus == 16 && rig.table.row(standby).working_units() == 8));
  // a failure of the plain run's GPUs is not absorbed: it is interrupted
  rig.start(plain);
  REQUIRE(rig.fail(0, 1.0) == std::vector<Absorbed>{Absorbed::no});
}

// The job table (sim/jobs/job_table.hpp): rows, tenants, and the accounting
// of a run's GPU-hours.
#include <string>

#include <catch2/catch.hpp>

#include "jobs/job_table.hpp"

using gwsim::hours;
using gwsim::minutes;
using gwsim::detail::JobState;
using gwsim::detail::JobTable;
using gwsim::detail::NewJob;

namespace {

NewJob job(const std::string& tenant, std::int64_t gpus, double work_hours) {
  static std::string names[3] = {"a", "b", "c"};
  NewJob j;
  j.kind = gwsim::JobSource::training;
  j.tenant_name = &names[tenant[0] - 'a'];
  j.units = gpus;
  j.work_hours = work_hours;
  j.checkpoint_hours = 0.5;
  j.restart_hours = 0.1;
  j.cluster = 1;
  return j;
}

}  // namespace

TEST_CASE("job table: ids in submission order, tenants numbered as first seen", "[jobs][table]") {
  JobTable t;
  REQUIRE(t.add(job("b", 8, 1), hours(1)) == 0);
  REQUIRE(t.add(job("a", 8, 1), hours(2)) == 1);
  REQUIRE(t.add(job("b", 4, 1), hours(3)) == 2);
  REQUIRE(t.size() == 3);
  REQUIRE(t.tenant(0) == 0);
  REQUIRE(t.tenant(1) == 1);
  REQUIRE(t.tenant(2) == 0);
  REQUIRE(t.row(2).id == 2);
  REQUIRE(t.row(2).gpus == 4);
  REQUIRE(t.row(2).submit == hours(3));
  REQUIRE(t.row(2).cluster == 1);
  REQUIRE(t.run(2).cluster == 1);
  REQUIRE(t.run(2).remaining_hours == 1.0);
  REQUIRE(t.rows().size() == 3);
}

TEST_CASE("job table: useful and lost GPU-hours of an interrupted, restarted, finished run", "[jobs][table]") {
  // 4 GPUs, 10 h of work, checkpoints every 0.5 h, restarts of 0.1 h.
  JobTable t;
  const auto id = t.add(job("a", 4, 10.0), 0);
  auto& run = t.run(id);
  auto& row = t.row(id);
  run.state = JobState::running;
  run.started = 0;
  // interrupted at 2 h 18 min: 2.3 h of progress, 2.0 h checkpointed
  t.account_interrupt(id, minutes(138));
  REQUIRE(row.interruptions == 1);
  REQUIRE(row.useful_gpu_hours == Approx(2.0 * 4));
  REQUIRE(row.lost_gpu_hours == Approx(0.3 * 4));
  REQUIRE(run.remaining_hours == Approx(8.0));
  // restarts at 3 h paying 0.1 h; the books close at 4 h: 0.9 h of progress
  // counts as useful, the restart as lost
  run.started = hours(3);
  run.restart_cost_hours = 0.1;
  t.account_running(hours(4));
  REQUIRE(row.useful_gpu_hours == Approx((2.0 + 0.9) * 4));
  REQUIRE(row.lost_gpu_hours == Approx((0.3 + 0.1) * 4));
  REQUIRE(run.remaining_hours == Approx(7.1));
  REQUIRE(run.started == hours(4));
  REQUIRE(run.restart_cost_hours == 0.0);
  // it ends 7.1 h later: all 10 h of work counted once
  t.account_end(id, hours(4) + minutes(426));
  REQUIRE(row.completed);
  REQUIRE(row.end == hours(4) + minutes(426));
  REQUIRE(row.useful_gpu_hours == Approx(10.0 * 4));
  REQUIRE(row.lost_gpu_hours == Approx(0.4 * 4));
  REQUIRE(row.run_hours == Approx(2.3 + 1.0 + 7.1));
  REQUIRE(run.remaining_hours == 0.0);
}

TEST_CASE("job table: without checkpoints an interruption loses all progress", "[jobs][table]") {
  JobTable t;
  NewJob j = job("c", 2, 5.0);
  j.checkpoint_hours = 0;
  const auto id = t.add(j, 0);
  t.run(id).state = JobState::running;
  t.account_interrupt(id, hours(3));
  REQUIRE(t.row(id).useful_gpu_hours == 0.0);
  REQUIRE(t.row(id).lost_gpu_hours == Approx(3.0 * 2));
  REQUIRE(t.run(id).remaining_hours == 5.0);
  // a job not running is left alone when the books close
  t.run(id).state = JobState::queued;
  t.account_running(hours(4));
  REQUIRE(t.row(id).run_hours == Approx(3.0));
}

TEST_CASE("job table: checkpoint writes pause the work and count as lost", "[jobs][table][checkpoint_cost]") {
  // 2 GPUs, 2 h of work, checkpoints every 0.5 h of work costing 0.25 h (15 min), restarts 0.1 h:
  // segments of 0.75 h wall, checkpoints complete at 0.75, 1.5, 2.25 h; the last 0.5 h writes none.
  JobTable t;
  NewJob j = job("a", 2, 2.0);
  j.checkpoint_cost_hours = 0.25;
  const auto id = t.add(j, 0);
  auto& run = t.run(id);
  auto& row = t.row(id);
  REQUIRE(run.checkpoints_in(2.0) == 3.0);
  REQUIRE(run.checkpoints_in(0.4) == 0.0);
  REQUIRE(run.hours_to_end() == Approx(2.0 + 3 * 0.25));
  run.state = JobState::running;
  run.started = 0;
  // interrupted at 1 h 24 min = 1.4 h, while writing its second checkpoint (0.5 h + 0.25 h,
  // 0.5 h of work, writing from 1.25 h): only the first checkpoint (0.5 h of work) is kept
  REQUIRE(run.work_done(1.4) == Approx(1.0));
  t.account_interrupt(id, minutes(84));
  REQUIRE(row.useful_gpu_hours == Approx(0.5 * 2));
  REQUIRE(row.lost_gpu_hours == Approx(0.9 * 2));
  REQUIRE(run.remaining_hours == Approx(1.5));
  // restarts at 2 h: 0.1 h restart, then 1.5 h of work with 2 checkpoints: ends at 2.6 h + 0.5 h = 4.1 h
  run.started = hours(2);
  run.restarting = true;
  run.restart_cost_hours = 0.1;
  REQUIRE(run.hours_to_end() == Approx(0.1 + 1.5 + 2 * 0.25));
  // interrupted at 2 h + 0.1 h + 0.75 h (its first checkpoint just written) + 0.3 h
  t.account_interrupt(id, hours(2) + minutes(69));
  REQUIRE(row.useful_gpu_hours == Approx(1.0 * 2));
  REQUIRE(row.lost_gpu_hours == Approx((0.9 + 0.1 + 0.25 + 0.3) * 2));
  REQUIRE(run.remaining_hours == Approx(1.0));
  // restarts at 4 h, ends after 0.1 + 1.0 + 0.25 h: the restart and one write are lost
  run.started = hours(4);
  t.account_end(id, hours(4) + minutes(81));
  REQUIRE(row.useful_gpu_hours == Approx(2.0 * 2));
  REQUIRE(row.lost_gpu_hours == Approx((1.55 + 0.1 + 0.25) * 2));
  REQUIRE(row.useful_gpu_hours + row.lost_gpu_hours == Approx(row.run_hours * 2));
}

TEST_CASE("job table: a running job's work so far skips its checkpoint writes", "[jobs][table][checkpoint_cost]") {
  JobTable t;
  NewJob j = job("b", 1, 3.0);
  j.checkpoint_cost_hours = 0.25;
  const auto id = t.add(j, 0);
  auto& run = t.run(id);
  run.state = JobState::running;
  run.started = 0;
  // at 1.6 h: two segments of 0.75 h (1.0 h of work) and 0.1 h more of work
  t.account_running(minutes(96));
  REQUIRE(t.row(id).useful_gpu_hours == Approx(1.1));
  REQUIRE(t.row(id).lost_gpu_hours == Approx(0.5));
  REQUIRE(run.remaining_hours == Approx(1.9));
  // during a write (at 0.6 h into a segment) the work stops at 0.5 h
  REQUIRE(run.work_done(0.6) == Approx(0.5));
}

TEST_CASE("rule: a job with no work left takes no time and writes no checkpoint (docs/jobs.md, checkpoint cost)",
          "[jobs][table][checkpoint_cost][rule]") {
  // w + C (ceil(w / tau) - 1) counts the writes between pieces of work: with w = 0 there is
  // no piece, so no write (not -1 of them): 0 h, and only the restart is lost.
  JobTable t;
  NewJob j = job("a", 2, 0.0);
  j.checkpoint_cost_hours = 0.25;
  const auto id = t.add(j, 0);
  auto& run = t.run(id);
  REQUIRE(run.checkpoints_in(0.0) == 0.0);
  REQUIRE(run.hours_to_end() == 0.0);
  run.state = JobState::running;
  run.started = 0;
  run.restart_cost_hours = 0.1;
  t.account_end(id, minutes(6));
  REQUIRE(t.row(id).lost_gpu_hours == Approx(0.1 * 2));
  REQUIRE(t.row(id).useful_gpu_hours == 0.0);
}

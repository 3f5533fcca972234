// The job table's memory of finished jobs (sim/jobs/job_table.hpp: retire,
// take_rows): a done job keeps its row and fixed-size state only, and the
// rows leave the table without a copy (benches/RESULTS.md, "Memory of the
// 1e6-job benches").
#include <string>
#include <utility>

#include <catch2/catch.hpp>

#include "jobs/job_table.hpp"

using gwsim::detail::GpuSeg;
using gwsim::detail::JobRun;
using gwsim::detail::JobState;
using gwsim::detail::JobTable;
using gwsim::detail::NewJob;

TEST_CASE("job table: a retired job is done and its parts and GPUs held are freed", "[jobs][table]") {
  static const std::string tenant = "t";
  JobTable t;
  NewJob j;
  j.tenant_name = &tenant;
  j.units = 12;
  j.work_hours = 1;
  const std::uint64_t a = t.add(j, 0), b = t.add(j, 0);
  for (const std::uint64_t id : {a, b}) {
    JobRun& run = t.run(id);
    run.state = JobState::running;
    run.parts.push_back(JobRun::Part{0, 12, {}});
    run.held.push_back(GpuSeg{});
    run.held.push_back(GpuSeg{});
  }
  t.retire(a);
  REQUIRE(t.run(a).state == JobState::done);
  REQUIRE(t.run(a).parts.capacity() == 0);  // freed, not only cleared
  REQUIRE(t.run(a).held.capacity() == 0);
  REQUIRE(t.run(b).parts.size() == 1);  // the others untouched
  REQUIRE(t.run(b).held.size() == 2);
  REQUIRE(t.row(a).gpus == 12);  // its row stays

  const auto* data = t.rows().data();
  const std::vector<gwsim::JobRow> rows = t.take_rows();
  REQUIRE(rows.size() == 2);
  REQUIRE(rows.data() == data);  // moved, not copied
}

// Job traces in CSV (sim/io/trace_csv.hpp). Loading a trace through a
// scenario is tested with the jobs it replays (tests/jobs/test_jobs.cpp).
#include <string>

#include <catch2/catch.hpp>

#include "io/loader_fixtures.hpp"
#include "io/trace_csv.hpp"

namespace {

const gwsim::Calendar kCal("2026-01-01");
const nlohmann::json::json_pointer kAt("/workloads/traces/0/file");

// "code detail" of the error reading `csv` raises, or "none".
std::string error_of(const std::string& csv) {
  gwsim::test::TempDir dir;
  const auto f = dir.write("trace.csv", csv);
  gwsim::JobTrace t;
  try {
    gwsim::detail::read_trace_csv(t, f, kCal, "s.json", kAt);
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(e.pointer() == kAt.to_string());
    REQUIRE(e.file() == "s.json");
    return e.code() + " " + e.detail().substr(e.detail().find(':') + 1);  // without the CSV's path
  }
  return "none";
}

}  // namespace

TEST_CASE("a trace is sorted by submission, offset from the first and scaled", "[loader][trace]") {
  gwsim::test::TempDir dir;
  // seconds, out of order; a CPU row (gpu_num 0); users a, b, a
  const auto f = dir.write("trace.csv",
                           "user,submit_time,gpu_num,duration\r\n"
                           "a,7200,3,3600\r\n"
                           "b,3600,1,1800\r\n"
                           "\r\n"
                           "x,100,0,5\r\n"
                           "a,3600,2,36\r\n");
  gwsim::JobTrace t;
  t.gpu_scale = 1.5;
  t.time_scale = 0.5;
  gwsim::detail::read_trace_csv(t, f, kCal, "s.json", kAt);
  // the two rows at 3600 s keep their file order (b then a), the 7200 s row comes last:
  // offsets 0, 0 and 1 h, halved by time_scale
  REQUIRE(t.submit_hours == std::vector<double>{0.0, 0.0, 0.5});
  REQUIRE(t.gpus == std::vector<std::int64_t>{2, 3, 5});  // ceil(1.5), ceil(3), ceil(4.5)
  REQUIRE(t.duration_hours == std::vector<double>{0.5, 0.01, 1.0});
  REQUIRE(t.tenants == std::vector<std::string>{"a", "b"});
  REQUIRE(t.tenant == std::vector<std::uint32_t>{1, 0, 0});
  REQUIRE(t.skipped_cpu_jobs == 1);
}

TEST_CASE("submit times may be date-times", "[loader][trace]") {
  gwsim::test::TempDir dir;
  const auto f = dir.write("trace.csv",
                           "submit_time,gpu_num,duration\n"
                           "2026-03-01 12:00:00,8,60\n"
                           "2026-03-01T10:30:00,8,60\n");
  gwsim::JobTrace t;
  gwsim::detail::read_trace_csv(t, f, kCal, "s.json", kAt);
  REQUIRE(t.submit_hours == std::vector<double>{0.0, 1.5});
}

TEST_CASE("a bad trace names the line and what is wrong", "[loader][trace]") {
  REQUIRE(error_of("") == "scenario.trace 1: empty file: expected a header line");
  REQUIRE(error_of("submit_time,duration\n1,2\n") ==
          "scenario.trace 1: no 'gpu_num' column in the header (need submit_time, gpu_num, duration)");
  REQUIRE(error_of("submit_time,gpu_num,duration\n0,1,1\n\n0,1\n") == "scenario.trace 4: 2 cells, the header has 3");
  REQUIRE(error_of("submit_time,gpu_num,duration\n0,1.5,1\n") ==
          "scenario.trace 2: gpu_num must be an integer >= 0, got 1.5");
  REQUIRE(error_of("submit_time,gpu_num,duration\n0,1,-1\n") ==
          "scenario.trace 2: duration must be >= 0 seconds, got -1");
  REQUIRE(error_of("submit_time,gpu_num,duration\n2026-02-30 00:00:00,1,1\n") ==
          "scenario.trace 2: submit_time '2026-02-30 00:00:00' is not seconds or YYYY-MM-DD HH:MM:SS");
  REQUIRE(error_of("submit_time,gpu_num,duration\n0,0,1\n") == "scenario.trace 2: no GPU jobs in the trace");
}

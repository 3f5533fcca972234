// The failure replay CSV (sim/io/failure_replay_csv.cpp; docs/scenarios.md,
// "Failures"): what a good file gives, and every bad row a located error.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"

using gwsim::test::minimal_scenario;
using gwsim::test::TempDir;
using nlohmann::json;

namespace {

// The error of the minimal scenario replaying `csv`: "code pointer | message", or "none".
std::string error_of(const std::string& csv, const json& replay = {{"file", "f.csv"}}) {
  TempDir dir;
  dir.write("f.csv", csv);
  json d = minimal_scenario();
  d["failure_replay"] = replay;
  try {
    (void)gwsim::scenario_from_json(d, (dir.path / "t.json").string());
  } catch (const gwsim::ScenarioError& e) {
    return e.code() + " " + e.pointer() + " | " + e.what();
  }
  return "none";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("failure replay CSV: rows by rack or by count, sorted by time", "[loader][replay]") {
  TempDir dir;
  dir.write("f.csv", "class,time,gpus,site,rack\nhbm,2026-05-01T06:00:00,,a,1\nsoftware,2026-04-01,16,a,\n");
  json d = minimal_scenario();
  d["failure_replay"] = {{"file", "f.csv"}, {"stochastic", false}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, (dir.path / "t.json").string());
  REQUIRE(s.failure_replay.has_value());
  CHECK_FALSE(s.failure_replay->stochastic);
  const auto& f = s.failure_replay->failures;
  REQUIRE(f.size() == 2);
  const gwsim::Calendar cal(s.start_iso);
  CHECK(f[0].t == cal.parse("2026-04-01"));
  CHECK(f[0].rack == -1);
  CHECK(f[0].gpus == 16);
  CHECK(f[0].failure_class == 5);  // software, the 6th built-in class
  CHECK(f[1].t == cal.parse("2026-05-01T06:00:00"));
  CHECK(f[1].rack == 1);
  CHECK(f[1].failure_class == 1);  // hbm
}

TEST_CASE("failure replay CSV: every bad row is an error naming the file, the line and the column",
          "[loader][replay]") {
  const std::string head = "time,site,rack,gpus,class\n";
  std::string e = error_of(head + "2026-03-01,a,0,,gpu\n2026-13-01,a,0,,gpu\n");
  CHECK(has(e, "scenario.replay /failure_replay/file"));
  CHECK(has(e, "f.csv:3: column 'time'"));
  e = error_of(head + "2025-12-31,a,0,,gpu\n");
  CHECK(has(e, "f.csv:2: column 'time'"));
  CHECK(has(e, "outside the horizon"));
  CHECK(has(error_of(head + "2026-03-01,b,0,,gpu\n"), "f.csv:2: column 'site': no site named \"b\""));
  CHECK(has(error_of(head + "2026-03-01,a,-1,,gpu\n"), "f.csv:2: column 'rack'"));
  CHECK(has(error_of(head + "2026-03-01,a,1.5,,gpu\n"), "f.csv:2: column 'rack'"));
  CHECK(has(error_of(head + "2026-03-01,a,,0,gpu\n"), "f.csv:2: column 'gpus'"));
  CHECK(has(error_of(head + "2026-03-01,a,0,4,gpu\n"), "f.csv:2: column 'rack': give exactly one of rack and gpus"));
  CHECK(has(error_of(head + "2026-03-01,a,,,gpu\n"), "f.csv:2: column 'rack': give exactly one of rack and gpus"));
  CHECK(has(error_of(head + "2026-03-01,a,0,,meteor\n"), "f.csv:2: column 'class'"));
  CHECK(has(error_of(head + "2026-03-01,a,0,gpu\n"), "f.csv:2: column '': 4 cells, the header has 5"));
  CHECK(has(error_of("time,site,class\n"), "f.csv:1: column 'rack': the header needs a 'rack' or a 'gpus' column"));
  CHECK(has(error_of("time,rack,class\n"), "f.csv:1: column 'site': missing from the header"));
  CHECK(has(error_of(""), "f.csv:1: column '': empty file"));
  CHECK(has(error_of(head, {{"file", "nope.csv"}}), "cannot read the failure replay file"));
  CHECK(has(error_of(head, {{"file", "f.csv"}, {"stochastic", 1}}), "scenario.type /failure_replay/stochastic"));
  CHECK(has(error_of(head, {{"file", "f.csv"}, {"every", 1}}), "scenario.unknown_key /failure_replay/every"));
  CHECK(has(error_of(head, {{"stochastic", true}}), "scenario.missing_key /failure_replay/file"));
  CHECK(error_of(head) == "none");  // a header alone: nothing replayed
}

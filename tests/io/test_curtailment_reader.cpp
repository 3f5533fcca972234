// sites[].curtailment (docs/power.md, "Curtailment"): values, defaults and each error path.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "loader_fixtures.hpp"

using gwsim::test::error_code_at;
using nlohmann::json;

namespace {
json with(const json& c) {
  json d = gwsim::test::minimal_scenario();
  d["sites"][0]["curtailment"] = c;
  return d;
}
json base() {
  return json::parse(R"({"windows": [{"start": "2026-03-01", "hours": 4}, {"start": "2026-03-02", "hours": 2}],
                         "shed_mw": 60})");
}
}  // namespace

TEST_CASE("curtailment: values and defaults", "[loader][curtailment]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(with(base()), "t.json");
  REQUIRE(s.sites[0].curtailment);
  const gwsim::Curtailment& c = *s.sites[0].curtailment;
  CHECK(c.starts == std::vector<gwsim::Tick>{gwsim::days(59), gwsim::days(60)});
  CHECK(c.hours == std::vector<double>{4, 2});
  CHECK(c.shed_mw == 60);
  CHECK(c.rule == gwsim::CurtailRule::generation_first);
  CHECK(c.events_per_year == 0);
  json r = base();
  r["rule"] = "interrupt";
  CHECK(gwsim::scenario_from_json(with(r), "t.json").sites[0].curtailment->rule == gwsim::CurtailRule::interrupt);
}

TEST_CASE("curtailment: each error names its key", "[loader][curtailment]") {
  const std::string at = "/sites/0/curtailment/";
  json c = base();
  c.erase("shed_mw");
  CHECK(error_code_at(with(c)) == "scenario.missing_key " + at + "shed_mw");
  c = base();
  c["shed_mw"] = 0;
  CHECK(error_code_at(with(c)) == "scenario.range " + at + "shed_mw");
  c = base();
  c["rule"] = "pray";
  CHECK(error_code_at(with(c)) == "scenario.range " + at + "rule");
  c = base();
  c["rule"] = 3;
  CHECK(error_code_at(with(c)) == "scenario.type " + at + "rule");
  c = base();
  c["windows"][1]["start"] = "2026-03-01";  // inside the first window (4 h from 2026-03-01)
  CHECK(error_code_at(with(c)) == "scenario.order " + at + "windows/1/start");
  c = base();
  c["windows"][0]["hours"] = 0;
  CHECK(error_code_at(with(c)) == "scenario.range " + at + "windows/0/hours");
  c = base();
  c["windows"][0]["start"] = "2030-01-01";
  CHECK(error_code_at(with(c)) == "scenario.horizon " + at + "windows/0/start");
  c = base();
  c["events_per_year"] = -1;
  CHECK(error_code_at(with(c)) == "scenario.range " + at + "events_per_year");
  c = base();
  c["events_per_year"] = 12;
  CHECK(error_code_at(with(c)) == "scenario.missing_key " + at + "event_hours");
  c = base();
  c["surge"] = 1;
  CHECK(error_code_at(with(c)) == "scenario.unknown_key " + at + "surge");
}

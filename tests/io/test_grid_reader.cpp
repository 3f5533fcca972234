// sites[].grid and power_stages[].equipment/slip_days/grid (sim/io/grid_reader.cpp,
// docs/scenarios.md): defaults, each error with its code and pointer, and the
// warnings of sim/io/grid_warnings.hpp.
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/grid_warnings.hpp"
#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"
#include "model/interconnect.hpp"

using gwsim::test::error_code_at;
using gwsim::test::minimal_scenario;
using nlohmann::json;

namespace {

json fixed(double v) { return {{"dist", "fixed"}, {"value", v}}; }

json with_grid(const json& grid) {
  json d = minimal_scenario();
  d["sites"][0]["grid"] = grid;
  return d;
}

json with_item(const json& item) {
  json d = minimal_scenario();
  d["sites"][0]["power_stages"][0]["equipment"] = json::array({item});
  return d;
}

json transformer(const char* ordered, double days) {
  return {{"name", "Main transformer"}, {"ordered", ordered}, {"lead_time_days", fixed(days)}};
}

std::vector<std::string> warned(const json& d) {
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  std::vector<std::string> out;
  for (const gwsim::Diagnostic& w : gwsim::detail::grid_warnings(s, "t.json")) out.push_back(w.code + " " + w.pointer);
  return out;
}

}  // namespace

TEST_CASE("grid: omitted laws are the documented lognormals, probabilities 0; a request may predate the start",
          "[loader][grid]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(with_grid({{"request", "2023-06-01"}}), "t.json");
  REQUIRE(s.sites[0].grid.has_value());
  const gwsim::GridInterconnection& g = *s.sites[0].grid;
  REQUIRE(g.request < 0);
  const auto& study = std::get<gwsim::Lognormal>(g.study_days);
  REQUIRE(study.median == 690);
  REQUIRE(study.sigma == 0.5);
  REQUIRE(std::get<gwsim::Lognormal>(g.agreement_days).median == 320);
  REQUIRE(std::get<gwsim::Lognormal>(g.construction_days).median == 690);
  REQUIRE(g.withdraw_prob == 0);
  REQUIRE(g.downsize_prob == 0);
  REQUIRE(s.sites[0].power_stages[0].grid);
  REQUIRE(s.sites[0].power_stages[0].equipment.empty());
  REQUIRE_FALSE(s.sites[0].power_stages[0].slip_days.has_value());
  // and without the key, no process
  REQUIRE_FALSE(gwsim::scenario_from_json(minimal_scenario(), "t.json").sites[0].grid.has_value());
}

TEST_CASE("grid: each error at its pointer", "[loader][grid]") {
  CHECK(error_code_at(with_grid(3)) == "scenario.type /sites/0/grid");
  CHECK(error_code_at(with_grid({{"request", "2026-01-01"}, {"queue_days", 3}})) ==
        "scenario.unknown_key /sites/0/grid/queue_days");
  CHECK(error_code_at(with_grid({{"study_days", fixed(1)}})) == "scenario.missing_key /sites/0/grid/request");
  CHECK(error_code_at(with_grid({{"request", "2027-01-01"}})) == "scenario.horizon /sites/0/grid/request");
  CHECK(error_code_at(with_grid({{"request", "1990-01-01"}})) == "scenario.horizon /sites/0/grid/request");
  CHECK(error_code_at(with_grid({{"request", "2026-01-01"}, {"withdraw_prob", 1.5}})) ==
        "scenario.range /sites/0/grid/withdraw_prob");
  CHECK(error_code_at(with_grid({{"request", "2026-01-01"}, {"downsize_prob", -0.1}})) ==
        "scenario.range /sites/0/grid/downsize_prob");
  CHECK(error_code_at(with_grid({{"request", "2026-01-01"}, {"downsize_prob", 0.2}})) ==
        "scenario.missing_key /sites/0/grid/downsize_fraction");
  CHECK(error_code_at(with_grid({{"request", "2026-01-01"}, {"downsize_prob", 0.2}, {"downsize_fraction", 2}})) ==
        "scenario.range /sites/0/grid/downsize_fraction");
  // a duration law cannot go negative
  CHECK(error_code_at(
            with_grid({{"request", "2026-01-01"}, {"study_days", {{"dist", "normal"}, {"mean", 300}, {"sd", 50}}}})) ==
        "scenario.range /sites/0/grid/study_days/dist");
  CHECK(error_code_at(with_grid({{"request", "2026-01-01"}, {"construction_days", 3}})) ==
        "scenario.type /sites/0/grid/construction_days");
}

TEST_CASE("power_stages: equipment, slip_days and grid are read; each error at its pointer", "[loader][grid]") {
  json d = with_item(transformer("2025-01-01", 900));
  d["sites"][0]["power_stages"][0]["slip_days"] = {{"dist", "normal"}, {"mean", 0}, {"sd", 10}};  // may go early
  d["sites"][0]["power_stages"][0]["grid"] = false;
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  const gwsim::PowerStage& st = s.sites[0].power_stages[0];
  REQUIRE(st.equipment.size() == 1);
  REQUIRE(st.equipment[0].name == "Main transformer");
  REQUIRE(st.equipment[0].ordered == -gwsim::days(365));
  REQUIRE(std::get<gwsim::Fixed>(st.equipment[0].lead_time_days).value == 900);
  REQUIRE(std::get<gwsim::Normal>(*st.slip_days).sd == 10);
  REQUIRE_FALSE(st.grid);

  const std::string at = "/sites/0/power_stages/0";
  json bad = minimal_scenario();
  bad["sites"][0]["power_stages"][0]["grid"] = "yes";
  CHECK(error_code_at(bad) == "scenario.type " + at + "/grid");
  bad = minimal_scenario();
  bad["sites"][0]["power_stages"][0]["slip_days"] = 5;
  CHECK(error_code_at(bad) == "scenario.type " + at + "/slip_days");
  bad = minimal_scenario();
  bad["sites"][0]["power_stages"][0]["equipment"] = {{"name", "x"}};
  CHECK(error_code_at(bad) == "scenario.type " + at + "/equipment");
  bad = minimal_scenario();
  bad["sites"][0]["power_stages"][0]["transformer"] = true;
  CHECK(error_code_at(bad) == "scenario.unknown_key " + at + "/transformer");

  json item = transformer("2025-01-01", 900);
  item.erase("name");
  CHECK(error_code_at(with_item(item)) == "scenario.missing_key " + at + "/equipment/0/name");
  item = transformer("2025-01-01", 900);
  item["name"] = "";
  CHECK(error_code_at(with_item(item)) == "scenario.range " + at + "/equipment/0/name");
  item = transformer("2025-01-01", 900);
  item.erase("lead_time_days");
  CHECK(error_code_at(with_item(item)) == "scenario.missing_key " + at + "/equipment/0/lead_time_days");
  item = transformer("2025-01-01", 900);
  item["lead_time_days"] = {{"dist", "normal"}, {"mean", 900}, {"sd", 90}};
  CHECK(error_code_at(with_item(item)) == "scenario.range " + at + "/equipment/0/lead_time_days/dist");
  CHECK(error_code_at(with_item(transformer("2027-02-01", 900))) == "scenario.horizon " + at + "/equipment/0/ordered");
  item = transformer("2025-01-01", 900);
  item["vendor"] = "GE";
  CHECK(error_code_at(with_item(item)) == "scenario.unknown_key " + at + "/equipment/0/vendor");
}

TEST_CASE("grid warnings: a quick transformer, a grid under a year, equipment ordered after its stage's date",
          "[loader][grid][warnings]") {
  // the stage is dated 2026-01-01: an order on that day is not late, the next day is
  CHECK(warned(with_item(transformer("2025-01-01", 26 * 7))).empty());
  CHECK(warned(with_item(transformer("2025-01-01", 26 * 7 - 1))) ==
        std::vector<std::string>{
            "plausibility.transformer_lead_time /sites/0/power_stages/0/equipment/0/lead_time_days"});
  json sw = transformer("2025-01-01", 30);
  sw["name"] = "switchgear";  // not a transformer
  CHECK(warned(with_item(sw)).empty());
  CHECK(warned(with_item(transformer("2026-01-02", 900))) ==
        std::vector<std::string>{"plausibility.equipment_order /sites/0/power_stages/0/equipment/0/ordered"});

  const json quick = {{"request", "2026-01-01"},
                      {"study_days", fixed(100)},
                      {"agreement_days", {{"dist", "exponential"}, {"mean", 100}}},             // median 69.3
                      {"construction_days", {{"dist", "uniform"}, {"min", 0}, {"max", 380}}}};  // median 190
  CHECK(warned(with_grid(quick)) == std::vector<std::string>{"plausibility.grid_duration /sites/0/grid"});
  json slow = quick;
  slow["study_days"] = fixed(106);  // 106 + 69.3 + 190 = 365.3
  CHECK(warned(with_grid(slow)).empty());
  CHECK(warned(with_grid({{"request", "2026-01-01"}})).empty());  // the defaults: ~5 years
  // and the loader reports them with the other warnings
  bool found = false;
  for (const gwsim::Diagnostic& w :
       gwsim::scenario_warnings(gwsim::scenario_from_json(with_grid(quick), "t.json"), with_grid(quick)))
    found = found || w.code == "plausibility.grid_duration";
  CHECK(found);
}

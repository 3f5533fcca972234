// The construction keys of a scenario (sim/io/construction_reader.cpp;
// docs/scenarios.md): defaults, and each error with its code and pointer.
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"

using gwsim::test::error_code_at;
using gwsim::test::minimal_scenario;
using nlohmann::json;

namespace {

json fixed(double v) { return {{"dist", "fixed"}, {"value", v}}; }

double fixed_value(const gwsim::Distribution& d) { return std::get<gwsim::Fixed>(d).value; }

}  // namespace

TEST_CASE("construction keys: defaults 180 + 120 + 30 days, no slip, no crew limit", "[loader][construction]") {
  json d = minimal_scenario();
  d["sites"][0]["buildings"][0]["construction"] = {{"start", "2026-01-11"}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  const gwsim::Building& b = s.sites[0].buildings[0];
  REQUIRE(b.construction.has_value());
  CHECK(b.construction->start == gwsim::days(10));
  CHECK(fixed_value(b.construction->shell_days) == 180);
  CHECK(fixed_value(b.construction->fitout_days) == 120);
  CHECK(fixed_value(b.construction->commissioning_days) == 30);
  CHECK_FALSE(b.construction->slip_days.has_value());
  CHECK(s.sites[0].construction_crews == 0);
  // without the key: no construction
  CHECK_FALSE(gwsim::scenario_from_json(minimal_scenario(), "t.json").sites[0].buildings[0].construction);
}

TEST_CASE("construction keys: laws and crews as given", "[loader][construction]") {
  json d = minimal_scenario();
  d["sites"][0]["construction_crews"] = 2;
  d["sites"][0]["buildings"][0]["construction"] = {{"start", "2026-01-01"},
                                                   {"shell_days", fixed(10)},
                                                   {"fitout_days", fixed(20)},
                                                   {"commissioning_days", fixed(3)},
                                                   {"slip_days", {{"dist", "normal"}, {"mean", 0}, {"sd", 5}}}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  const gwsim::Construction& c = *s.sites[0].buildings[0].construction;
  CHECK(fixed_value(c.shell_days) == 10);
  CHECK(fixed_value(c.fitout_days) == 20);
  CHECK(fixed_value(c.commissioning_days) == 3);
  CHECK(std::holds_alternative<gwsim::Normal>(*c.slip_days));  // a slip may be negative
  CHECK(s.sites[0].construction_crews == 2);
}

TEST_CASE("construction keys: errors are located", "[loader][construction]") {
  const std::string b = "/sites/0/buildings/0/construction";
  json d = minimal_scenario();
  auto& c = d["sites"][0]["buildings"][0]["construction"];
  c = 3;
  CHECK(error_code_at(d) == "scenario.type " + b);
  c = json::object();
  CHECK(error_code_at(d) == "scenario.missing_key " + b + "/start");
  c = {{"start", "2027-06-01"}};
  CHECK(error_code_at(d) == "scenario.horizon " + b + "/start");
  c = {{"start", "2026-01-01"}, {"roof_days", fixed(1)}};
  CHECK(error_code_at(d) == "scenario.unknown_key " + b + "/roof_days");
  c = {{"start", "2026-01-01"}, {"shell_days", fixed(-1)}};
  CHECK(error_code_at(d) == "scenario.range " + b + "/shell_days/value");
  c = {{"start", "2026-01-01"}, {"fitout_days", 30}};
  CHECK(error_code_at(d) == "scenario.type " + b + "/fitout_days");
  c = {{"start", "2026-01-01"}, {"commissioning_days", {{"dist", "normal"}, {"mean", 30}, {"sd", 5}}}};
  CHECK(error_code_at(d) == "scenario.range " + b + "/commissioning_days/dist");  // a duration cannot be normal
  c = {{"start", "2026-01-01"}, {"slip_days", {{"dist", "weibull"}}}};
  CHECK(error_code_at(d) == "scenario.range " + b + "/slip_days/dist");
  c = {{"start", "2026-01-01"}};
  CHECK(error_code_at(d) == "none");
  d["sites"][0]["construction_crews"] = -1;
  CHECK(error_code_at(d) == "scenario.range /sites/0/construction_crews");
  d["sites"][0]["construction_crews"] = 1.5;
  CHECK(error_code_at(d) == "scenario.type /sites/0/construction_crews");
  d["sites"][0]["construction_crews"] = 1'000'001;  // above kMaxCount
  CHECK(error_code_at(d) == "scenario.limit /sites/0/construction_crews");
  d["sites"][0]["construction_crews"] = 0;
  CHECK(error_code_at(d) == "none");
}

TEST_CASE("construction warnings: faster than any reported build, crews that never work", "[loader][construction]") {
  json d = minimal_scenario();
  d["sites"][0]["buildings"][0]["construction"] = {{"start", "2026-01-01"},
                                                   {"shell_days", fixed(40)},
                                                   {"fitout_days", fixed(30)},
                                                   {"commissioning_days", fixed(20)}};
  const auto codes = [](const json& doc) {
    std::vector<std::string> out;
    const gwsim::Scenario s = gwsim::scenario_from_json(doc, "t.json");
    for (const gwsim::Diagnostic& w : gwsim::scenario_warnings(s, doc))
      if (w.code.rfind("plausibility.construction", 0) == 0) out.push_back(w.code + " " + w.pointer);
    return out;
  };
  CHECK(codes(d).empty());  // 90 days: not under 90
  d["sites"][0]["buildings"][0]["construction"]["commissioning_days"] = fixed(19.5);
  CHECK(codes(d) == std::vector<std::string>{"plausibility.construction_fast /sites/0/buildings/0/construction"});
  d["sites"][0]["buildings"][0]["construction"]["commissioning_days"] = fixed(20);
  d["sites"][0]["construction_crews"] = 1;  // one crew, one building built: fine
  CHECK(codes(d).empty());
  d["sites"][0]["construction_crews"] = 2;
  CHECK(codes(d) == std::vector<std::string>{"plausibility.construction_crews /sites/0/construction_crews"});
}

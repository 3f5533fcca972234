// The fleet lifecycle's keys (sim/io/lifecycle_reader.cpp; docs/scenarios.md):
// `lifecycle` and the catalog's life_years and resale_share, read into the
// scenario, and each error with its code and pointer.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"

using gwsim::test::error_code_at;
using gwsim::test::minimal_scenario;
using nlohmann::json;

namespace {

// The minimal scenario (3 GB200 racks at site "a", 140 kW per rack at most) with one refresh policy.
json with_refresh(const json& policy) {
  json d = minimal_scenario();
  d["lifecycle"] = {{"refresh", json::array({policy})}};
  return d;
}

json policy() { return {{"name", "p"}, {"from", "GB200_NVL72"}, {"to", "GB300_NVL72"}, {"date", "2026-06-01"}}; }

}  // namespace

TEST_CASE("lifecycle: the keys are read, with their defaults", "[loader][lifecycle]") {
  json d = with_refresh(policy());
  d["lifecycle"]["refresh"][0]["lead_time_days"] = 45;
  json entry = gwsim::test::nvl72_catalog_entry();
  entry["life_years"] = 4;
  entry["resale_share"] = 0.2;
  d["catalog"] = {{"GB200_NVL72", entry}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  REQUIRE(s.lifecycle);
  CHECK(s.lifecycle->retire_at_end_of_life);
  REQUIRE(s.lifecycle->refresh.size() == 1);
  const gwsim::Refresh& r = s.lifecycle->refresh[0];
  CHECK(s.skus[static_cast<std::size_t>(r.from)].name == "GB200_NVL72");
  CHECK(s.skus[static_cast<std::size_t>(r.to)].name == "GB300_NVL72");
  CHECK(r.date.has_value());
  CHECK(r.age_years == 0);
  CHECK(r.lead_time_days == 45);
  CHECK(s.skus[static_cast<std::size_t>(r.from)].life_years == 4);
  CHECK(s.skus[static_cast<std::size_t>(r.from)].resale_share == 0.2);
  CHECK_FALSE(gwsim::scenario_from_json(minimal_scenario(), "t.json").lifecycle.has_value());
  json retire_only = policy();
  retire_only.erase("to");
  retire_only.erase("date");
  retire_only["age_years"] = 3;
  const gwsim::Scenario t = gwsim::scenario_from_json(with_refresh(retire_only), "t.json");
  CHECK(t.lifecycle->refresh[0].to == -1);
  CHECK(t.lifecycle->refresh[0].age_years == 3);
}

TEST_CASE("lifecycle: each error is located", "[loader][lifecycle]") {
  json p = policy();
  p["from"] = "B300";
  CHECK(error_code_at(with_refresh(p)) == "scenario.reference /lifecycle/refresh/0/from");
  p = policy();
  p["to"] = "B300";
  CHECK(error_code_at(with_refresh(p)) == "scenario.reference /lifecycle/refresh/0/to");
  p = policy();
  p.erase("date");
  CHECK(error_code_at(with_refresh(p)) == "scenario.missing_key /lifecycle/refresh/0/date");
  p = policy();
  p["age_years"] = 2;
  CHECK(error_code_at(with_refresh(p)) == "scenario.range /lifecycle/refresh/0/age_years");
  p = policy();
  p.erase("date");
  p["age_years"] = 0;
  CHECK(error_code_at(with_refresh(p)) == "scenario.range /lifecycle/refresh/0/age_years");
  p = policy();
  p["lead_time_days"] = -1;
  CHECK(error_code_at(with_refresh(p)) == "scenario.range /lifecycle/refresh/0/lead_time_days");
  p = policy();
  p["colour"] = 1;
  CHECK(error_code_at(with_refresh(p)) == "scenario.unknown_key /lifecycle/refresh/0/colour");
  json d = with_refresh(policy());
  d["lifecycle"]["refresh"].push_back(policy());
  CHECK(error_code_at(d) == "scenario.duplicate /lifecycle/refresh/1/name");
  d = with_refresh(policy());
  d["sites"][0]["max_rack_power_kw"] = 135;  // GB200's 132 kW fits, GB300's 136 kW does not
  CHECK(error_code_at(d) == "scenario.incompatible /lifecycle/refresh/0/to");
  d = minimal_scenario();
  d["lifecycle"] = {{"retire_at_end_of_life", 1}};
  CHECK(error_code_at(d) == "scenario.type /lifecycle/retire_at_end_of_life");
  d["lifecycle"] = {{"refresh", 1}};
  CHECK(error_code_at(d) == "scenario.type /lifecycle/refresh");
  d["lifecycle"] = {{"retire", true}};
  CHECK(error_code_at(d) == "scenario.unknown_key /lifecycle/retire");
}

TEST_CASE("catalog: life_years in [0, 100] and resale_share in [0, 1]", "[loader][lifecycle]") {
  json d = minimal_scenario();
  json entry = gwsim::test::nvl72_catalog_entry();
  for (const auto& [key, bad] :
       {std::pair{"life_years", -0.5}, {"life_years", 100.5}, {"resale_share", 1.01}, {"resale_share", -0.01}}) {
    json e = entry;
    e[key] = bad;
    d["catalog"] = {{"GB200_NVL72", e}};
    CHECK(error_code_at(d) == std::string("scenario.range /catalog/GB200_NVL72/") + key);
  }
  entry["life_years"] = 100;
  entry["resale_share"] = 1;
  d["catalog"] = {{"GB200_NVL72", entry}};
  CHECK(error_code_at(d) == "none");
}

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"

using nlohmann::json;

namespace {

json minimal() {
  return json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31",
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.2, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 10, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 5}],
               "install": {"crews": 1, "racks_per_crew_per_week": 5, "burn_in_hours": 24, "burn_in_fail_prob": 0},
               "repair": {"technicians": 1, "spare_nodes": 4, "spare_restock_days": 7}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-02-01", "racks": 3}]}]
  })");
}

// Returns (code, pointer) of the error the document raises, or ("none", "").
std::pair<std::string, std::string> error_of(const json& doc) {
  try {
    (void)gwsim::scenario_from_json(doc, "t.json");
  } catch (const gwsim::ScenarioError& e) {
    return {e.code(), e.pointer()};
  }
  return {"none", ""};
}

struct TempDir {
  std::filesystem::path path;
  TempDir() : path(std::filesystem::temp_directory_path() / ("gwsim-test-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return path / name;
  }
};

}  // namespace

TEST_CASE("a minimal scenario converts to model units", "[loader]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(minimal(), "t.json");
  REQUIRE(s.name == "t");
  REQUIRE(s.seed == 1);  // documented default
  REQUIRE(s.end == gwsim::days(364));
  REQUIRE(s.sites.size() == 1);
  REQUIRE(s.sites[0].power_stages[0].power_mw == 5);
  REQUIRE(s.orders[0].deliveries[0].date == gwsim::days(31));
  REQUIRE(s.skus[static_cast<std::size_t>(s.orders[0].sku)].name == "GB200_NVL72");
  REQUIRE(s.failures_enabled);
}

TEST_CASE("schedules expand by calendar month, quarter and week", "[loader]") {
  json d = minimal();
  d["orders"][0].erase("deliveries");
  d["orders"][0]["schedule"] = {{"from", "2026-01-31"}, {"to", "2026-05-31"}, {"every", "month"}, {"racks", 2}};
  gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  const gwsim::Calendar cal("2026-01-01");
  REQUIRE(s.orders[0].deliveries.size() == 5);
  REQUIRE(cal.format_date(s.orders[0].deliveries[1].date) == "2026-02-28");  // end of month kept
  REQUIRE(cal.format_date(s.orders[0].deliveries[4].date) == "2026-05-31");
  d["orders"][0]["schedule"]["every"] = "quarter";
  REQUIRE(gwsim::scenario_from_json(d, "t.json").orders[0].deliveries.size() == 2);
  d["orders"][0]["schedule"]["every"] = "week";
  REQUIRE(gwsim::scenario_from_json(d, "t.json").orders[0].deliveries.size() == 18);
}

TEST_CASE("each kind of bad input has its code and pointer", "[loader]") {
  struct Case {
    const char* what;
    std::function<void(json&)> edit;
    const char* code;
    const char* pointer;
  };
  const std::vector<Case> cases{
      {"unknown top-level key", [](json& d) { d["colour"] = "red"; }, "scenario.unknown_key", "/colour"},
      {"unknown nested key", [](json& d) { d["sites"][0]["install"]["speed"] = 1; }, "scenario.unknown_key", "/sites/0/install/speed"},
      {"missing name", [](json& d) { d.erase("name"); }, "scenario.missing_key", "/name"},
      {"version", [](json& d) { d["gwsim_scenario"] = 2; }, "scenario.version", "/gwsim_scenario"},
      {"negative power", [](json& d) { d["sites"][0]["power_stages"][0]["power_mw"] = -5; }, "scenario.range", "/sites/0/power_stages/0/power_mw"},
      {"power as string", [](json& d) { d["sites"][0]["power_stages"][0]["power_mw"] = "5"; }, "scenario.type", "/sites/0/power_stages/0/power_mw"},
      {"pue below 1", [](json& d) { d["sites"][0]["pue"] = 0.9; }, "scenario.range", "/sites/0/pue"},
      {"bad date", [](json& d) { d["start"] = "2026-13-01"; }, "scenario.date", "/start"},
      {"end before start", [](json& d) { d["end"] = "2025-01-01"; }, "scenario.order", "/end"},
      {"stage outside horizon", [](json& d) { d["sites"][0]["power_stages"][0]["date"] = "2027-06-01"; }, "scenario.horizon", "/sites/0/power_stages/0/date"},
      {"stages out of order", [](json& d) { d["sites"][0]["power_stages"] = json::parse(R"([{"date":"2026-03-01","power_mw":1},{"date":"2026-02-01","power_mw":1}])"); }, "scenario.order", "/sites/0/power_stages/1/date"},
      {"unknown sku", [](json& d) { d["orders"][0]["sku"] = "TPU9"; }, "scenario.reference", "/orders/0/sku"},
      {"unknown site", [](json& d) { d["orders"][0]["site"] = "nowhere"; }, "scenario.reference", "/orders/0/site"},
      {"duplicate site", [](json& d) { d["sites"].push_back(d["sites"][0]); }, "scenario.duplicate", "/sites/1/name"},
      {"rack too hot for site", [](json& d) { d["sites"][0]["max_rack_power_kw"] = 100; }, "scenario.incompatible", "/orders/0/sku"},
      {"both deliveries and schedule", [](json& d) { d["orders"][0]["schedule"] = json::object(); }, "scenario.unknown_key", "/orders/0/schedule"},
      {"huge batch", [](json& d) { d["orders"][0]["deliveries"][0]["racks"] = 1'000'000'000'000LL; }, "scenario.limit", "/orders/0/deliveries/0/racks"},
      {"normal repair time", [](json& d) {
         d["catalog"]["X"] = json::parse(R"({"gpus_per_rack":8,"gpus_per_node":8,"rack_power_kw":10,"fp8_pflops_per_gpu":1,
           "bf16_pflops_per_gpu":1,"hbm_gb_per_gpu":80,"capex_usd_per_rack":1,
           "failure_classes":[{"name":"g","mtbf_gpu_hours":1000,"blast":"gpu","repair_hours":{"dist":"normal","mean":3,"sd":1}}]})");
       }, "scenario.range", "/catalog/X/failure_classes/0/repair_hours/dist"},
      {"bad dist", [](json& d) { d["orders"][0]["slip_days"] = {{"dist", "cauchy"}}; }, "scenario.range", "/orders/0/slip_days/dist"},
      {"probability 1", [](json& d) { d["sites"][0]["install"]["burn_in_fail_prob"] = 1.0; }, "scenario.range", "/sites/0/install/burn_in_fail_prob"},
      {"100+ year horizon", [](json& d) { d["end"] = "2200-01-01"; }, "scenario.horizon", "/end"},
  };
  for (const Case& c : cases) {
    json d = minimal();
    c.edit(d);
    INFO(c.what);
    const auto [code, pointer] = error_of(d);
    CHECK(code == c.code);
    CHECK(pointer == c.pointer);
  }
}

TEST_CASE("messages name the file, the pointer and what was expected", "[loader]") {
  json d = minimal();
  d["sites"][0]["power_stages"][0]["power_mw"] = -5;
  try {
    (void)gwsim::scenario_from_json(d, "scenarios/x.json");
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(std::string(e.what()) ==
            "error[scenario.range] scenarios/x.json:/sites/0/power_stages/0/power_mw: expected a number in (0, 1000000], got -5");
  }
}

TEST_CASE("extends merges a base with RFC 7386 and detects cycles", "[loader]") {
  TempDir dir;
  dir.write("base.json", minimal().dump());
  dir.write("child.json", R"({"extends": "base.json", "name": "child", "sites": null})");
  // the child deleted the required sites: the merged document is checked
  try {
    (void)gwsim::load_scenario(dir.path / "child.json");
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(e.code() == "scenario.missing_key");
    REQUIRE(e.pointer() == "/sites");
  }
  dir.write("child2.json", R"({"extends": "base.json", "name": "child2", "seed": 9, "costs": {"energy_usd_per_mwh": 50}})");
  const gwsim::Scenario s = gwsim::load_scenario(dir.path / "child2.json");
  REQUIRE(s.name == "child2");
  REQUIRE(s.seed == 9);
  REQUIRE(s.energy_usd_per_mwh == 50);
  REQUIRE(s.sites.size() == 1);
  dir.write("a.json", R"({"extends": "b.json"})");
  dir.write("b.json", R"({"extends": "a.json"})");
  try {
    (void)gwsim::load_scenario(dir.path / "a.json");
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(e.code() == "scenario.extends");
  }
}

TEST_CASE("command-line overrides write JSON values at pointers", "[loader]") {
  TempDir dir;
  const auto f = dir.write("s.json", minimal().dump());
  const gwsim::Scenario s =
      gwsim::load_scenario(f, {.overrides = {"/sites/0/pue=1.5", "/name=renamed", "/failures={\"enabled\": false}"}});
  REQUIRE(s.sites[0].pue == 1.5);
  REQUIRE(s.name == "renamed");
  REQUIRE_FALSE(s.failures_enabled);
  auto code = [&](const std::string& expr) {
    try {
      (void)gwsim::load_scenario(f, {.overrides = {expr}});
    } catch (const gwsim::ScenarioError& e) {
      return e.code();
    }
    return std::string("none");
  };
  REQUIRE(code("/nothing/here=1") == "scenario.override");
  REQUIRE(code("/sites/7/pue=1") == "scenario.override");
  REQUIRE(code("pue=1") == "scenario.override");
  REQUIRE(code("/sites/0/pue=0.5") == "scenario.range");  // validated after the override
}

TEST_CASE("syntax errors give line and column, unreadable files scenario.io", "[loader]") {
  TempDir dir;
  const auto f = dir.write("bad.json", "{\n  \"name\": \"x\",\n  oops\n}");
  try {
    (void)gwsim::load_scenario(f);
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(e.code() == "scenario.parse");
    REQUIRE_THAT(e.detail(), Catch::Contains("line 3"));
  }
  try {
    (void)gwsim::load_scenario(dir.path / "missing.json");
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(e.code() == "scenario.io");
  }
}

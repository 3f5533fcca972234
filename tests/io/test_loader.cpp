// The public loader (sim/io/loader.hpp): conversion to model units, the code
// and pointer of each kind of bad input, documents given as text, fingerprints.
// The document itself (extends, --set, JSON syntax) is tested in test_document.cpp.
#include <functional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"

using gwsim::test::minimal_scenario;
using nlohmann::json;

namespace {

json minimal() { return minimal_scenario(); }

// Returns (code, pointer) of the error the document raises, or ("none", "").
std::pair<std::string, std::string> error_of(const json& doc) {
  try {
    (void)gwsim::scenario_from_json(doc, "t.json");
  } catch (const gwsim::ScenarioError& e) {
    return {e.code(), e.pointer()};
  }
  return {"none", ""};
}

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
  // from == to: one delivery, on that day
  d["orders"][0]["schedule"]["to"] = "2026-01-31";
  s = gwsim::scenario_from_json(d, "t.json");
  REQUIRE(s.orders[0].deliveries.size() == 1);
  REQUIRE(cal.format_date(s.orders[0].deliveries[0].date) == "2026-01-31");
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
      {"unknown nested key", [](json& d) { d["sites"][0]["install"]["speed"] = 1; }, "scenario.unknown_key",
       "/sites/0/install/speed"},
      {"missing name", [](json& d) { d.erase("name"); }, "scenario.missing_key", "/name"},
      {"version", [](json& d) { d["gwsim_scenario"] = 2; }, "scenario.version", "/gwsim_scenario"},
      {"negative power", [](json& d) { d["sites"][0]["power_stages"][0]["power_mw"] = -5; }, "scenario.range",
       "/sites/0/power_stages/0/power_mw"},
      {"power as string", [](json& d) { d["sites"][0]["power_stages"][0]["power_mw"] = "5"; }, "scenario.type",
       "/sites/0/power_stages/0/power_mw"},
      {"pue below 1", [](json& d) { d["sites"][0]["pue"] = 0.9; }, "scenario.range", "/sites/0/pue"},
      {"bad date", [](json& d) { d["start"] = "2026-13-01"; }, "scenario.date", "/start"},
      {"end before start", [](json& d) { d["end"] = "2025-01-01"; }, "scenario.order", "/end"},
      {"stage outside horizon", [](json& d) { d["sites"][0]["power_stages"][0]["date"] = "2027-06-01"; },
       "scenario.horizon", "/sites/0/power_stages/0/date"},
      {"stages out of order",
       [](json& d) {
         d["sites"][0]["power_stages"] =
             json::parse(R"([{"date":"2026-03-01","power_mw":1},{"date":"2026-02-01","power_mw":1}])");
       },
       "scenario.order", "/sites/0/power_stages/1/date"},
      {"unknown sku", [](json& d) { d["orders"][0]["sku"] = "TPU9"; }, "scenario.reference", "/orders/0/sku"},
      {"unknown site", [](json& d) { d["orders"][0]["site"] = "nowhere"; }, "scenario.reference", "/orders/0/site"},
      {"empty SKU name", [](json& d) { d["catalog"][""] = json::object(); }, "scenario.range", "/catalog/"},
      {"duplicate site", [](json& d) { d["sites"].push_back(d["sites"][0]); }, "scenario.duplicate", "/sites/1/name"},
      {"rack too hot for site", [](json& d) { d["sites"][0]["max_rack_power_kw"] = 100; }, "scenario.incompatible",
       "/orders/0/sku"},
      {"both deliveries and schedule", [](json& d) { d["orders"][0]["schedule"] = json::object(); },
       "scenario.unknown_key", "/orders/0/schedule"},
      {"huge batch", [](json& d) { d["orders"][0]["deliveries"][0]["racks"] = 1'000'000'000'000LL; }, "scenario.limit",
       "/orders/0/deliveries/0/racks"},
      {"normal repair time",
       [](json& d) {
         d["catalog"]["X"] =
             json::parse(R"({"gpus_per_rack":8,"gpus_per_node":8,"rack_power_kw":10,"fp8_pflops_per_gpu":1,
           "bf16_pflops_per_gpu":1,"hbm_gb_per_gpu":80,"capex_usd_per_rack":1,
           "failure_classes":[{"name":"g","mtbf_gpu_hours":1000,"blast":"gpu","repair_hours":{"dist":"normal","mean":3,"sd":1}}]})");
       },
       "scenario.range", "/catalog/X/failure_classes/0/repair_hours/dist"},
      {"bad dist",
       [](json& d) {
         d["orders"][0]["slip_days"] = {{"dist", "cauchy"}};
       },
       "scenario.range", "/orders/0/slip_days/dist"},
      {"probability 1", [](json& d) { d["sites"][0]["install"]["burn_in_fail_prob"] = 1.0; }, "scenario.range",
       "/sites/0/install/burn_in_fail_prob"},
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

TEST_CASE("rule: at most 10,000 sites, 100,000 orders and 10,000 milestones (docs/scenarios.md, Limits)",
          "[loader][rule]") {
  // Each array is refused as a whole one element past its limit, before any element is read; at the
  // limit its elements are read (empty objects here: the first error is then inside the first one).
  struct Limit {
    const char* key;
    std::size_t most;
  };
  for (const Limit& l : {Limit{"sites", 10'000}, Limit{"orders", 100'000}, Limit{"milestones", 10'000}}) {
    INFO(l.key);
    json d = minimal();
    d[l.key] = json(std::vector<json>(l.most, json::object()));
    const auto at_limit = error_of(d);
    CHECK(at_limit.second.rfind(std::string("/") + l.key + "/0", 0) == 0);
    d[l.key].push_back(json::object());
    CHECK(error_of(d) == std::pair<std::string, std::string>{"scenario.limit", std::string("/") + l.key});
  }
}

TEST_CASE("rule: at most 100 million racks ordered in all (docs/scenarios.md, Limits)", "[loader][rule]") {
  json d = minimal();
  d["orders"][0]["deliveries"] = json::array();
  for (int i = 0; i < 10; ++i) d["orders"][0]["deliveries"].push_back({{"date", "2026-02-01"}, {"racks", 10'000'000}});
  CHECK(error_of(d).first == "none");  // exactly 100,000,000
  d["orders"].push_back(minimal()["orders"][0]);
  d["orders"][1]["deliveries"][0]["racks"] = 1;  // one more, in another order
  CHECK(error_of(d) == std::pair<std::string, std::string>{"scenario.limit", "/orders/1"});
}

TEST_CASE("messages name the file, the pointer and what was expected", "[loader]") {
  json d = minimal();
  d["sites"][0]["power_stages"][0]["power_mw"] = -5;
  try {
    (void)gwsim::scenario_from_json(d, "scenarios/x.json");
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(std::string(e.what()) ==
            "error[scenario.range] scenarios/x.json:/sites/0/power_stages/0/power_mw: expected a number in (0, "
            "1000000], got -5");
  }
}

TEST_CASE("a scenario given as text takes overrides as a file does", "[loader]") {
  const std::string text = minimal().dump(2);
  const gwsim::Scenario s = gwsim::load_text(text, "t (dict)", {.overrides = {"/sites/0/pue=1.5", "/name=renamed"}});
  REQUIRE(s.sites[0].pue == 1.5);
  REQUIRE(s.name == "renamed");
  REQUIRE(s.file == "t (dict)");
  auto error = [&](const std::string& expr) {
    try {
      (void)gwsim::load_text(text, "t (dict)", {.overrides = {expr}});
    } catch (const gwsim::ScenarioError& e) {
      return e.code() + " " + e.pointer() + " " + e.file();
    }
    return std::string("none");
  };
  REQUIRE(error("/sites/7/pue=1") == "scenario.override /sites/7/pue t (dict)");
  REQUIRE(error("/nothing/here=1") == "scenario.override /nothing/here t (dict)");
  REQUIRE(error("/sites/0/pue=0.5") == "scenario.range /sites/0/pue t (dict)");
  json child = minimal();
  child["extends"] = "base.json";
  try {
    (void)gwsim::load_text(child.dump(), "c (dict)");
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(e.code() == "scenario.extends");
    REQUIRE(e.pointer() == "/extends");
  }
}

TEST_CASE("fingerprints are FNV-1a of the compact dump, the same for a file and its text", "[loader]") {
  // FNV-1a 64 of the two bytes "{}", worked out by hand from its offset basis and prime
  REQUIRE(gwsim::document_fingerprint(json::object()) == "08f44b07b5901a25");
  gwsim::test::TempDir dir;
  const auto f = dir.write("s.json", minimal().dump(4));  // indented: the text differs, not the document
  const std::string file_print = gwsim::document_fingerprint(gwsim::load_document(f));
  REQUIRE(file_print.size() == 16);
  REQUIRE(file_print == gwsim::document_fingerprint(gwsim::document_from_text(minimal().dump(), "t")));
  const gwsim::LoadOptions pue{.overrides = {"/sites/0/pue=1.5"}};
  const std::string changed = gwsim::document_fingerprint(gwsim::load_document(f, pue));
  REQUIRE(changed != file_print);
  REQUIRE(changed == gwsim::document_fingerprint(gwsim::document_from_text(minimal().dump(), "t", pue)));
}

TEST_CASE("rule: the sources are read in order (docs/scenarios.md)", "[loader][rule]") {
  json d = minimal();
  d["sources"] = json::array({"AWS press release, 2025-11-03", "facts.md"});
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  CHECK(s.sources == std::vector<std::string>{"AWS press release, 2025-11-03", "facts.md"});
  d["sources"] = json::array();  // optional, and may be empty
  CHECK(gwsim::scenario_from_json(d, "t.json").sources.empty());
}

TEST_CASE("rule: orders is required and may be empty (docs/scenarios.md)", "[loader][rule]") {
  json d = minimal();
  d["orders"] = json::array();
  CHECK(error_of(d) == std::pair<std::string, std::string>{"none", ""});
  CHECK(gwsim::scenario_from_json(d, "t.json").orders.empty());
  d.erase("orders");
  CHECK(error_of(d).first == "scenario.missing_key");
}

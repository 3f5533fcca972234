// Error messages that explain themselves (sim/io): every independent error of
// a document at once, names suggested for unknown references, days that do not
// exist, the system's reason for a file that cannot be read, the --set override
// behind an error.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/error_list.hpp"
#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"
#include "io/nearest.hpp"
#include "io/overrides.hpp"
#include "io/reader.hpp"

using gwsim::test::minimal_scenario;
using gwsim::test::TempDir;
using nlohmann::json;

namespace {

// "code pointer" of each error the document raises.
std::vector<std::string> errors_of(const json& d) {
  try {
    (void)gwsim::scenario_from_json(d, "t.json");
  } catch (const gwsim::ScenarioError& e) {
    std::vector<std::string> out;
    for (const gwsim::Diagnostic& x : e.errors()) out.push_back(x.code + " " + x.pointer);
    return out;
  }
  return {};
}

std::string message_of(const json& d, const gwsim::LoadOptions& o = {}) {
  try {
    (void)gwsim::load_text(d.dump(), "t.json", o);
  } catch (const gwsim::ScenarioError& e) {
    return e.what();
  }
  return "none";
}

json two_sites() {
  json d = minimal_scenario();
  d["sites"].push_back(d["sites"][0]);
  d["sites"][0]["name"] = "dallas-1";
  d["sites"][1]["name"] = "ohio-2";
  d["orders"][0]["site"] = "dallas-1";
  return d;
}

}  // namespace

TEST_CASE("independent errors are reported together, in document order", "[diagnostics]") {
  json d = minimal_scenario();
  d["sites"][0]["pue"] = 0.5;
  d["orders"][0]["deliveries"][0]["racks"] = -1;
  d["costs"] = {{"energy_usd_per_mwh", "cheap"}};
  const std::vector<std::string> expected{"scenario.range /sites/0/pue", "scenario.range /orders/0/deliveries/0/racks",
                                          "scenario.type /costs/energy_usd_per_mwh"};
  REQUIRE(errors_of(d) == expected);
  try {
    (void)gwsim::scenario_from_json(d, "t.json");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(e.pointer() == "/sites/0/pue");  // the first: what a single-error caller sees
    const std::string what = e.what();
    REQUIRE(std::count(what.begin(), what.end(), '\n') == 2);  // one line each
  }
}

TEST_CASE("an error does not bring others that only follow from it", "[diagnostics]") {
  json d = minimal_scenario();
  d["sites"][0].erase("name");  // the order naming site "a" is not an error too
  REQUIRE(errors_of(d) == std::vector<std::string>{"scenario.missing_key /sites/0/name"});
  d = minimal_scenario();
  d["sites"][0]["pue"] = 9;  // site "a" is read in part: its order still finds it
  d["catalog"]["X"] = {{"gpus_per_rack", 0}};
  d["orders"][0]["sku"] = "X";  // the broken SKU is still known by name
  REQUIRE(errors_of(d) ==
          std::vector<std::string>{"scenario.range /catalog/X/gpus_per_rack", "scenario.range /sites/0/pue"});
}

TEST_CASE("at most 20 errors are reported, and a limit stops reading", "[diagnostics]") {
  json d = minimal_scenario();
  for (int i = 0; i < 30; ++i)
    d["orders"].push_back({{"sku", "GB200_NVL72"}, {"site", "nowhere"}, {"deliveries", json::array()}});
  const std::vector<std::string> e = errors_of(d);
  REQUIRE(e.size() == gwsim::detail::kMaxErrors);
  REQUIRE(e.back() == "scenario.reference /orders/20/site");
  REQUIRE_THAT(message_of(d), Catch::EndsWith("(stopped after 20 errors)"));
  d = minimal_scenario();
  d["orders"][0]["deliveries"][0]["racks"] = 1'000'000'000'000LL;
  d["sites"][0]["pue"] = 9;           // after the limit: not read
  REQUIRE(errors_of(d).size() == 2);  // the site comes first in the document
  d["sites"][0]["pue"] = 1.2;
  d["costs"] = {{"energy_usd_per_mwh", -1}};
  REQUIRE(errors_of(d) == std::vector<std::string>{"scenario.limit /orders/0/deliveries/0/racks"});
}

TEST_CASE("an unknown site lists the sites and suggests the nearest name", "[diagnostics]") {
  json d = two_sites();
  d["orders"][0]["site"] = "dalas-1";
  REQUIRE_THAT(message_of(d), Catch::Contains("no site named \"dalas-1\" (the sites are: dallas-1, ohio-2; did you "
                                              "mean \"dallas-1\"?)"));
  d["orders"][0]["site"] = "tokyo";  // near nothing: no suggestion
  REQUIRE_THAT(message_of(d), Catch::EndsWith("(the sites are: dallas-1, ohio-2)"));
  REQUIRE(gwsim::detail::edit_distance("kitten", "sitting") == 3);  // the textbook pair
  REQUIRE(gwsim::detail::edit_distance("", "abc") == 3);
  REQUIRE(gwsim::detail::edit_distance("abc", "") == 3);  // deletions cost 1 as insertions do
  REQUIRE(gwsim::detail::edit_distance("abcd", "ad") == 2);
  REQUIRE(gwsim::detail::nearest("OHIO-1", {"dallas-1", "ohio-2"}) == "ohio-2");  // case ignored
}

TEST_CASE("rule: a list of known names stops at 20 and says how many there are", "[diagnostics][rule]") {
  // nearest.hpp: at most 20 names are listed; a longer list ends with how many there are in all.
  std::vector<std::string> sites;
  for (int i = 0; i < 25; ++i) sites.push_back(fmt::format("s{:02}", i));
  const std::string text = gwsim::detail::known_names("site", "zzzzzz", sites);
  CHECK(text ==
        "the sites are: s00, s01, s02, s03, s04, s05, s06, s07, s08, s09, s10, s11, s12, s13, s14, s15, "
        "s16, s17, s18, s19, ... (25 in all)");
  sites.resize(20);  // exactly 20: all listed, no count
  CHECK_THAT(gwsim::detail::known_names("site", "zzzzzz", sites), Catch::EndsWith("s18, s19"));
  CHECK(gwsim::detail::known_names("site", "x", {}) == "there are no sites");
}

TEST_CASE("a day that does not exist says so", "[diagnostics]") {
  using gwsim::detail::impossible_day;
  REQUIRE(impossible_day("2026-02-30") == "2026-02-30 does not exist (February 2026 has 28 days)");
  REQUIRE(impossible_day("2028-02-30") == "2028-02-30 does not exist (February 2028 has 29 days)");
  REQUIRE(impossible_day("2026-13-01") == "2026-13-01 does not exist (there is no month 13)");
  REQUIRE(impossible_day("2026-04-00") == "2026-04-00 does not exist (April 2026 has 30 days)");
  REQUIRE_FALSE(impossible_day("2028-02-29"));
  // the calendar handles 1400 on (Boost.Date_Time's range)
  REQUIRE_FALSE(impossible_day("1400-01-01"));
  REQUIRE(impossible_day("1399-12-31") == "1399-12-31 is before 1400, the first year the calendar handles");
  json d = minimal_scenario();
  d["orders"][0]["deliveries"][0]["date"] = "2026-02-30";
  REQUIRE_THAT(message_of(d), Catch::EndsWith("/orders/0/deliveries/0/date: 2026-02-30 does not exist (February "
                                              "2026 has 28 days)"));
}

TEST_CASE("a file that cannot be read gives the system's reason", "[diagnostics]") {
  TempDir dir;
  try {
    (void)gwsim::load_scenario(dir.path / "missing.json");
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(e.code() == "scenario.io");
    REQUIRE(e.detail() == "cannot open the file: No such file or directory");
  }
}

TEST_CASE("an error elsewhere names its override among up to kMaxBlamedOverrides of them", "[diagnostics]") {
  const json d = two_sites();
  // kMaxBlamedOverrides overrides, the last of which breaks a reference elsewhere: it is found and named
  std::vector<std::string> overrides;
  for (std::size_t k = 0; k + 1 < gwsim::detail::kMaxBlamedOverrides; ++k)
    overrides.push_back(fmt::format("/sites/1/pue={}", 1.2 + 0.01 * static_cast<double>(k)));
  overrides.emplace_back("/sites/0/name=dallas-2");
  REQUIRE(overrides.size() == gwsim::detail::kMaxBlamedOverrides);
  REQUIRE_THAT(message_of(d, {.overrides = overrides}), Catch::EndsWith("(after --set /sites/0/name=dallas-2)"));
  // one more: too many to replay one by one, the message says only that overrides came first
  overrides.insert(overrides.begin(), "/sites/1/pue=1.19");
  REQUIRE_THAT(message_of(d, {.overrides = overrides}), Catch::EndsWith("(after the --set overrides)"));
}

TEST_CASE("an error an override brought names the override", "[diagnostics]") {
  const json d = two_sites();
  // the value it wrote
  REQUIRE_THAT(message_of(d, {.overrides = {"/sites/1/pue=7"}}),
               Catch::EndsWith("got 7 (the value of --set /sites/1/pue=7)"));
  // a key it added: the object had no such key
  REQUIRE_THAT(message_of(d, {.overrides = {"/sites/0/pu=1.3"}}),
               Catch::Contains("(the value of --set /sites/0/pu=1.3; /sites/0 had no key 'pu' (its keys: buildings, "
                               "install, max_rack_power_kw, name, power_stages, provider, pue, repair))"));
  // a reference it broke elsewhere: the first override with which the error appears
  const std::string renamed = message_of(d, {.overrides = {"/sites/1/pue=1.3", "/sites/0/name=dallas-2"}});
  REQUIRE_THAT(renamed, Catch::StartsWith("error[scenario.reference] t.json:/orders/0/site: no site named "
                                          "\"dallas-1\""));
  REQUIRE_THAT(renamed, Catch::EndsWith("(after --set /sites/0/name=dallas-2)"));
  // an error the document has without overrides names none
  json bad = d;
  bad["orders"][0]["site"] = "x";
  REQUIRE_THAT(message_of(bad, {.overrides = {"/sites/1/pue=1.3"}}), !Catch::Contains("--set"));
  // an item an override added to an array that an earlier override lengthened: nothing about keys
  const std::string item = R"(/sites/0/power_stages/1={"date":"2026-02-01","power_mw":-5})";
  REQUIRE_THAT(message_of(d, {.overrides = {R"(/sites/0/power_stages=[{"date":"2026-01-01","power_mw":5},{}])", item}}),
               Catch::EndsWith("(the value of --set " + item + ")"));
}

TEST_CASE("an unknown milestone metric lists every metric docs/scenarios.md names", "[diagnostics]") {
  json d = minimal_scenario();
  d["milestones"] = json::parse(R"([{"name": "m", "metric": "zzz", "threshold": 1}])");
  const std::string msg = message_of(d);
  REQUIRE_THAT(msg, Catch::Contains("error[scenario.range]") && Catch::Contains("/milestones/0/metric") &&
                        Catch::Contains("unknown metric \"zzz\""));
  for (const char* m : {"gpus_in_service", "racks_in_service", "pflops_fp8_online", "pflops_bf16_online",
                        "h100e_in_service", "power_energized_mw", "training_run"}) {
    INFO(m);
    CHECK_THAT(msg, Catch::Contains(std::string("\"") + m + "\""));
  }
}

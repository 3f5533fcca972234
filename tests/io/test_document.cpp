// The document before validation (sim/io/document.hpp): JSON syntax and
// limits, duplicate keys, `extends` chains, and --set overrides.
#include <cerrno>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io/document.hpp"
#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"

using gwsim::test::TempDir;
using nlohmann::json;

namespace {

json minimal() { return gwsim::test::minimal_scenario(); }

// "code pointer" of the error parsing `text` raises, or "none".
std::string parse_error(const std::string& text) {
  try {
    (void)gwsim::detail::parse_text(text, "t.json");
  } catch (const gwsim::ScenarioError& e) {
    return e.code() + " " + e.pointer();
  }
  return "none";
}

}  // namespace

TEST_CASE("extends merges a base with RFC 7386 and detects cycles", "[loader][document]") {
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
    // the message lists the base files merged in (docs/scenarios.md, Extending), not the file itself
    REQUIRE_THAT(e.detail(), Catch::EndsWith(" (in child.json merged with its base base.json)"));
  }
  // `extends` itself is not inherited: the merged document has none
  CHECK_FALSE(gwsim::detail::merge_file(dir.path / "child.json", {}).doc.contains("extends"));
  dir.write("grandchild.json", R"({"extends": "child.json"})");
  try {
    (void)gwsim::load_scenario(dir.path / "grandchild.json");
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE_THAT(e.detail(), Catch::EndsWith(" (in grandchild.json merged with its base child.json, base.json)"));
  }
  dir.write("child2.json",
            R"({"extends": "base.json", "name": "child2", "seed": 9, "costs": {"energy_usd_per_mwh": 50}})");
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

TEST_CASE("command-line overrides write JSON values at pointers", "[loader][document]") {
  TempDir dir;
  json eleven_orders = minimal();
  for (int i = 1; i <= 10; ++i) eleven_orders["orders"].push_back(eleven_orders["orders"][0]);
  const auto f = dir.write("s.json", eleven_orders.dump());
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
  // an array index is a number without leading zeros (RFC 6901): "01" is no index, "10" is one
  REQUIRE(code("/orders/01/deliveries/0/racks=2") == "scenario.override");
  REQUIRE(code("/orders/10/deliveries/0/racks=2") == "none");
}

TEST_CASE("syntax errors give line and column, unreadable files scenario.io", "[loader][document]") {
  TempDir dir;
  const auto f = dir.write("bad.json", "{\n  \"name\": \"x\",\n  oops\n}");
  try {
    (void)gwsim::load_scenario(f);
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(e.code() == "scenario.parse");
    REQUIRE_THAT(e.detail(), Catch::Contains("line 3"));
    // the message starts with the parser's own words, without nlohmann's id and its byte offset
    REQUIRE_THAT(e.detail(), Catch::StartsWith("invalid JSON at line 3, column 3: syntax error while parsing"));
    REQUIRE_THAT(e.detail(), !Catch::Contains("[json.exception"));
  }
  try {
    (void)gwsim::load_scenario(dir.path / "missing.json");
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    REQUIRE(e.code() == "scenario.io");
  }
}

TEST_CASE("a number too large for a double is scenario.parse, in the parser's words without its id",
          "[loader][document]") {
  try {
    (void)gwsim::detail::parse_text(R"({"a": 1e999})", "t.json");
    FAIL("no error");
  } catch (const gwsim::ScenarioError& e) {
    CHECK(e.code() == "scenario.parse");
    CHECK(e.detail() == "invalid JSON: number overflow parsing '1e999'");
  }
}

TEST_CASE("a file that cannot be opened says why in the system's words", "[loader][document]") {
  CHECK(gwsim::detail::open_failure_reason(ENOENT) == "No such file or directory");
  CHECK(gwsim::detail::open_failure_reason(EPERM) == "Operation not permitted");  // errno 1
  CHECK(gwsim::detail::open_failure_reason(0) == "reason unknown");
}

TEST_CASE("a key twice in one object is scenario.duplicate at its pointer", "[loader][document]") {
  REQUIRE(parse_error(R"({"a": 1, "b": [{"c": 1}, {"c": 2, "c": 3}]})") == "scenario.duplicate /b/1/c");
  REQUIRE(parse_error(R"({"a": {"x": 1}, "b": {"x": 1}})") == "none");  // same key, different objects
}

TEST_CASE("nesting deeper than 64 levels stops the parse", "[loader][document]") {
  const std::string deep_64 = std::string(63, '[') + "{}" + std::string(63, ']');
  REQUIRE(parse_error(deep_64) == "none");
  const std::string deep_65 = std::string(64, '[') + "{}" + std::string(64, ']');
  REQUIRE(parse_error(deep_65).rfind("scenario.limit ", 0) == 0);
}

TEST_CASE("line and column count from 1, after the byte nlohmann names", "[loader][document]") {
  const std::string text = "{\n  ab\n}";
  REQUIRE(gwsim::detail::line_column(text, 0) == std::pair<std::size_t, std::size_t>{1, 1});
  REQUIRE(gwsim::detail::line_column(text, 1) == std::pair<std::size_t, std::size_t>{1, 1});
  REQUIRE(gwsim::detail::line_column(text, 3) == std::pair<std::size_t, std::size_t>{2, 1});  // after "{\n"
  REQUIRE(gwsim::detail::line_column(text, 6) == std::pair<std::size_t, std::size_t>{2, 4});
  REQUIRE(gwsim::detail::printable("a\x01\xC3") == "a\\x01\\xC3");
  // printable ASCII is kept as it is, from the space (0x20) to the tilde (0x7E); DEL (0x7F) is not
  REQUIRE(gwsim::detail::printable(" a~") == " a~");
  REQUIRE(gwsim::detail::printable("\x1F\x7F") == "\\x1F\\x7F");
}

TEST_CASE("an override writes JSON, else a string, under an existing parent", "[loader][document]") {
  json d = {{"a", {{"b", 1}}}, {"list", {1, 2}}};
  gwsim::detail::apply_override(d, "/a/new={\"x\": [true]}", "t.json");  // a new key of an object
  REQUIRE(d["a"]["new"] == json::parse(R"({"x": [true]})"));
  gwsim::detail::apply_override(d, "/a/b=not json", "t.json");
  REQUIRE(d["a"]["b"] == "not json");
  gwsim::detail::apply_override(d, "/list/1=7", "t.json");
  REQUIRE(d["list"] == json{1, 7});
  auto error = [&](const std::string& expr) {
    try {
      gwsim::detail::apply_override(d, expr, "t.json");
    } catch (const gwsim::ScenarioError& e) {
      return e.pointer() + " " + e.detail();
    }
    return std::string("none");
  };
  REQUIRE(error("/list/2=1") ==
          "/list/2 --set /list/2=1: /list is an array of 2 items, so '2' is not one of its indices (0 to 1)");
  REQUIRE(error("/list/-=1") ==
          "/list/- --set /list/-=1: /list is an array of 2 items, so '-' is not one of its indices (0 to 1)");
  REQUIRE(error("/a/b/c=1") == "/a/b/c --set /a/b/c=1: /a/b is a string, which has no 'c' inside");
  REQUIRE(error("/a/x/y=1") == "/a/x/y --set /a/x/y=1: /a has no key 'x'; its keys are: b, new");
  REQUIRE(error("/nope/y=1") == "/nope/y --set /nope/y=1: the top level has no key 'nope'; its keys are: a, list");
  REQUIRE(error("a=1") == " --set expects /json/pointer=value, got 'a=1'");
}

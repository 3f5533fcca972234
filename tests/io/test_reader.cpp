// Typed access to a JSON document with pointers (sim/io/reader.hpp).
#include <limits>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "io/reader.hpp"

using gwsim::detail::json;
using gwsim::detail::Ptr;
using gwsim::detail::Range;
using gwsim::detail::Reader;

namespace {

// "code pointer: detail" of what `read` throws, or "none".
template <class F>
std::string error_of(F&& read) {
  try {
    read();
  } catch (const gwsim::ScenarioError& e) {
    return e.code() + " " + e.pointer() + ": " + e.detail();
  }
  return "none";
}

}  // namespace

TEST_CASE("integers may be written 3 or 3.0, and the limit has its own code", "[loader][reader]") {
  const Reader r("t.json");
  const Ptr p("/n");
  REQUIRE(r.integer(json(3), p, 0, 10) == 3);
  REQUIRE(r.integer(json(3.0), p, 0, 10) == 3);
  REQUIRE(error_of([&] { r.integer(json(3.5), p, 0, 10); }) ==
          "scenario.type /n: expected an integer >= 0, got a number 3.5");
  REQUIRE(error_of([&] { r.integer(json(-1), p, 0, 10); }) == "scenario.range /n: expected an integer >= 0, got -1");
  REQUIRE(error_of([&] { r.integer(json(11), p, 0, 10, "scenario.limit"); }) ==
          "scenario.limit /n: expected an integer in [0, 10], got 11");
  REQUIRE(error_of([&] { r.integer(json(1e30), p, 0, 10, "scenario.limit"); }) ==
          "scenario.limit /n: expected an integer in [0, 10], got 1e+30");
}

TEST_CASE("rule: an integer written 3.0 has the bounds of 3, both accepted (docs/scenarios.md, Limits)",
          "[loader][reader][rule]") {
  const Reader r("t.json");
  const Ptr p("/n");
  for (const json& lo : {json(2), json(2.0)}) CHECK(r.integer(lo, p, 2, 10) == 2);
  for (const json& hi : {json(10), json(10.0)}) CHECK(r.integer(hi, p, 2, 10) == 10);
  CHECK(error_of([&] { r.integer(json(1.0), p, 2, 10); }) == "scenario.range /n: expected an integer >= 2, got 1.0");
  CHECK(error_of([&] { r.integer(json(11.0), p, 2, 10, "scenario.limit"); }) ==
        "scenario.limit /n: expected an integer in [2, 10], got 11.0");
}

TEST_CASE("ranges describe themselves as the messages show them", "[loader][reader]") {
  REQUIRE(Range{1.0, 3.0}.describe() == "in [1, 3]");
  REQUIRE(Range{0.0, 1.0, false, true}.describe() == "in [0, 1)");
  REQUIRE(gwsim::detail::kPositive.describe() == "> 0");
  REQUIRE(gwsim::detail::kAny.describe() == "finite");
  // one bound only: the other side is unbounded
  const double inf = std::numeric_limits<double>::infinity();
  REQUIRE(Range{0.0, inf}.describe() == ">= 0");
  REQUIRE(Range{-inf, 5.0}.describe() == "<= 5");
  REQUIRE(Range{-inf, 5.0, false, true}.describe() == "< 5");
  REQUIRE(Range{-inf, 5.0}.contains(-1e300));
  REQUIRE_FALSE(Range{-inf, 5.0, false, true}.contains(5.0));
  REQUIRE_FALSE(Range{0.0, 1.0, false, true}.contains(1.0));
  REQUIRE(Range{0.0, 1.0, false, true}.contains(0.0));
}

TEST_CASE("objects name the unknown key and what is allowed; arrays their size", "[loader][reader]") {
  const Reader r("t.json");
  const json obj = json::parse(R"({"a": 1, "zz": 2})");
  REQUIRE(error_of([&] {
            r.object(obj, Ptr("/x"), {"a", "b"});
          }) == "scenario.unknown_key /x/zz: unknown key 'zz' (allowed here: a, b)");
  REQUIRE(error_of([&] { r.required(obj, Ptr("/x"), "b"); }) == "scenario.missing_key /x/b: missing required key 'b'");
  REQUIRE(error_of([&] { r.string(obj, Ptr("/x"), "a", true); }) ==
          "scenario.type /x/a: expected a string, got an integer 1");
  const json three = json::array({1, 2, 3});
  REQUIRE(error_of([&] { r.array(three, Ptr("/l"), 4); }) == "scenario.range /l: expected at least 4 entries");
  REQUIRE(error_of([&] { r.array(json::array(), Ptr("/l"), 1); }) == "scenario.range /l: expected at least 1 entry");
  REQUIRE(error_of([&] { r.array(three, Ptr("/l"), 0, 2); }) ==
          "scenario.limit /l: an array of 3 entries exceeds the limit of 2");
  REQUIRE(error_of([&] { r.date_text(json("2026-02-30"), Ptr("/d")); }) ==
          "scenario.date /d: 2026-02-30 does not exist (February 2026 has 28 days)");
  REQUIRE(error_of([&] { r.date_text(json("2026/02/28"), Ptr("/d")); }) ==
          "scenario.date /d: expected a date \"YYYY-MM-DD\", got \"2026/02/28\"");
  REQUIRE(r.date_text(json("2026-02-28"), Ptr("/d")) == "2026-02-28");
}

TEST_CASE("rule: a date that is not YYYY-MM-DD is scenario.date, dashes in the digits too (docs/scenarios.md)",
          "[loader][reader][rule]") {
  const Reader r("t.json");
  // dashes where digits belong once gave error[internal] stoi (exit 1) instead of a scenario error
  for (const char* text : {"2026----01", "----------", "2026-01---", "2026-1--05", "-026-01-01"})
    CHECK(error_of([&] { r.date_text(json(text), Ptr("/d")); }) ==
          fmt::format("scenario.date /d: expected a date \"YYYY-MM-DD\", got \"{}\"", text));
}

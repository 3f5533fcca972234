// The reliability figures of summary.json in the report's key figures
// (sim/report/key_figures.cpp): shown when the summary has "reliability"
// (a reliability feature was used), each figure only when not 0.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "report/key_figures.hpp"
#include "report/report.hpp"

using nlohmann::json;

namespace {

std::vector<std::string> pointers(const json& summary) {
  std::vector<std::string> out;
  for (const gwsim::report::KeyFigure& f : gwsim::report::key_figures(summary)) out.push_back(f.pointer);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& p) {
  return std::find(v.begin(), v.end(), p) != v.end();
}

}  // namespace

TEST_CASE("key figures: the reliability figures appear when summary.json has them, not when 0",
          "[report][reliability]") {
  json s = {{"gpus_ordered", 720}};
  CHECK_FALSE(has(pointers(s), "/reliability/lemon_racks"));  // no feature used: no "reliability"
  s["reliability"] = {
      {"lemon_racks", 3},        {"failures_from_lemons", 41}, {"racks_cordoned", 0},     {"racks_retired", 2},
      {"repairs_automated", 90}, {"repairs_manual", 37},       {"repairs_not_fixed", 40}, {"replayed", 0},
      {"replay_skipped", 0}};
  const std::vector<gwsim::report::KeyFigure> f = gwsim::report::key_figures(s);
  std::vector<std::string> got;
  for (const auto& k : f)
    if (k.pointer.starts_with("/reliability/")) got.push_back(k.pointer + " " + k.label + " " + k.text);
  CHECK(got == std::vector<std::string>{"/reliability/lemon_racks Lemon racks 3",
                                        "/reliability/failures_from_lemons Failures of lemon racks 41",
                                        "/reliability/racks_retired Racks retired 2",
                                        "/reliability/repairs_automated Repairs automated 90",
                                        "/reliability/repairs_manual Repairs manual 37",
                                        "/reliability/repairs_not_fixed Repairs that did not fix the fault 40"});
}

TEST_CASE("key figures: the run page's cards and the comparison's table show the reliability figures",
          "[report][reliability]") {
  const json a = {{"gpus_ordered", 720}};
  json b = a;
  b["reliability"] = {{"lemon_racks", 0}, {"racks_retired", 5}};
  const std::string cards = gwsim::report::detail::key_figure_cards(b);
  CHECK(cards.find("data-key=\"/reliability/racks_retired\" data-value=\"5\">5<") != std::string::npos);
  CHECK(cards.find("/reliability/lemon_racks") == std::string::npos);  // 0: not shown
  CHECK(gwsim::report::detail::key_figure_cards(a).find("/reliability/") == std::string::npos);
  // A without the figure, B with it: the row, A's cell "-", B - A none (no number in A)
  const std::string table = gwsim::report::detail::key_figure_table(a, b);
  CHECK(table.find("<tr><td>Racks retired</td><td>-</td><td data-run=\"b\" data-key=\"/reliability/racks_retired\"") !=
        std::string::npos);
  CHECK(table.find("/reliability/lemon_racks") == std::string::npos);
}

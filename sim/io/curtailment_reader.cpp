// sites[].curtailment: grid curtailment windows (docs/power.md, "Curtailment").
#include <string>

#include <fmt/format.h>

#include "io/scenario_reader.hpp"

namespace gwsim::detail {

namespace {
constexpr double kMaxHours = 24.0 * 366;
constexpr double kMaxEventsPerYear = 8760;
constexpr double kMaxShedMw = 1e5;
}  // namespace

void ScenarioReader::site_curtailment(const json& j, const Ptr& p, Site& s) {
  const json* c = Reader::optional(j, "curtailment");
  if (c == nullptr) return;
  const Ptr cp = p / "curtailment";
  r_.object(*c, cp, {"windows", "events_per_year", "event_hours", "shed_mw", "rule"});
  Curtailment cu;
  if (const json* w = Reader::optional(*c, "windows")) {
    const json& a = r_.array(*w, cp / "windows", 0);
    for (std::size_t i = 0; i < a.size(); ++i) {
      const Ptr q = cp / "windows" / i;
      r_.object(a[i], q, {"start", "hours"});
      const Tick start = date(a[i], q, "start");
      const double hours = r_.number(a[i], q, "hours", Range{0.0, kMaxHours, true, false});
      if (!cu.starts.empty() && start < cu.starts.back() + ticks_from_hours(cu.hours.back()))
        r_.fail("scenario.order", q / "start", "a curtailment window must start after the previous one ends");
      cu.starts.push_back(start);
      cu.hours.push_back(hours);
    }
  }
  if (Reader::optional(*c, "events_per_year") != nullptr)
    cu.events_per_year = r_.number(*c, cp, "events_per_year", Range{0.0, kMaxEventsPerYear});
  if (const json* d = Reader::optional(*c, "event_hours")) cu.event_hours = distribution(*d, cp / "event_hours", true);
  else if (cu.events_per_year > 0)
    r_.fail("scenario.missing_key", cp / "event_hours", "event_hours is required when events_per_year > 0");
  cu.shed_mw = r_.number(*c, cp, "shed_mw", Range{0.0, kMaxShedMw, true, false});
  if (const json* rule = Reader::optional(*c, "rule")) {
    const std::string text = r_.string(*rule, cp / "rule", true);
    if (text == "generation_first") cu.rule = CurtailRule::generation_first;
    else if (text == "interrupt") cu.rule = CurtailRule::interrupt;
    else
      r_.fail("scenario.range", cp / "rule",
              fmt::format("expected \"generation_first\" or \"interrupt\", got \"{}\"", text));
  }
  s.curtailment = cu;
}

}  // namespace gwsim::detail

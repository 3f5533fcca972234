// gwsim/sim/report/power_supply_section.cpp -- the report's "Power supply chain"
// section: energized MW by source over time (stacked) and the stranded GPU-days
// by cause (summary.json "power"; docs/power.md, "Outputs"). Empty for a run
// whose summary has no "power".
#include <string>
#include <utility>

#include <fmt/format.h>

#include "model/columns.hpp"
#include "report/page.hpp"
#include "report/svg.hpp"

namespace gwsim::report::detail {

using nlohmann::json;

std::string power_supply_section(const RunData& r) {
  const json* p = at(r.summary, "/power");
  if (p == nullptr || !p->is_object()) return {};
  const DatedTable& t = r.timeseries;
  std::string out =
      "<h2>Power supply chain</h2>"
      "<p class=\"note\">Facility power energized by source, and the GPU-days delivered racks lost by cause "
      "(docs/power.md).</p><div class=\"grid2\">";
  const ColumnSpec& unit = columns::power_energized_mw;
  TimeChart c{"power-sources", "Energized MW by source", unit_of(unit), std::string(unit.unit), t.days, {}, {}, {}};
  if (const auto* grid = column_of(t, columns::energized_grid_mw)) {
    c.stacked.push_back(Series{"grid", *grid, kBlue});
    if (const auto* onsite = column_of(t, columns::energized_onsite_mw))
      c.stacked.push_back(Series{"on-site", *onsite, kOrange});
  } else if (const auto* all = column_of(t, unit)) {
    c.stacked.push_back(Series{"energized", *all, kBlue});
  }
  out += render_time_chart(c);
  BarChart b{"power-stranded", "Stranded GPU-days by cause", Unit::count, {}, {}};
  Series days{"GPU-days", {}, kRed};
  const std::pair<const char*, const char*> causes[] = {{"interconnection", "/power/stranded_gpu_days/interconnection"},
                                                        {"equipment", "/power/stranded_gpu_days/equipment"},
                                                        {"other power", "/power/stranded_gpu_days/no_power"},
                                                        {"on-site outage", "/power/stranded_gpu_days/onsite_outage"},
                                                        {"curtailment", "/power/stranded_gpu_days/curtailment"},
                                                        {"construction", "/power/stranded_gpu_days/construction"}};
  double named_power = 0;
  for (const auto& [name, ptr] : causes) {
    const json* v = at(r.summary, ptr);
    if (v == nullptr || !v->is_number()) continue;
    double x = v->get<double>();
    if (std::string(name) == "other power") x -= named_power;  // no_power less its named parts
    if (std::string(name) == "interconnection" || std::string(name) == "equipment") named_power += x;
    b.categories.emplace_back(name);
    days.y.push_back(x);
  }
  b.series.push_back(days);
  out += render_bar_chart(b);
  return out + "</div>\n";
}

}  // namespace gwsim::report::detail

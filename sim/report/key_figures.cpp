// gwsim/sim/report/key_figures.cpp -- the headline figures: which, how each is
// written, and how two runs' values differ.
#include "report/key_figures.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "model/columns.hpp"
#include "report/page.hpp"
#include "report/report.hpp"
#include "report/svg.hpp"

namespace gwsim::report {

using nlohmann::json;

namespace {

enum class Kind { count, date, text, usd, mw, percent, hours };

struct Figure {
  std::string pointer;
  const char* label;
  Kind kind;
  int better = 0;          // +1: higher is better, -1: lower (earlier) is better, 0: neither
  bool skip_zero = false;  // not shown when 0 (the reliability figures of a feature not used)
};

// Shown: present, and not a 0 the figure skips.
const json* shown(const json& summary, const Figure& f) {
  const json* v = detail::at(summary, f.pointer);
  if (v != nullptr && f.skip_zero && v->is_number() && v->get<double>() == 0) return nullptr;
  return v;
}

const std::vector<Figure>& figures() {
  static const std::vector<Figure> f{
      {fmt::format("/{}", columns::gpus_ordered.name), "GPUs ordered", Kind::count},
      {"/gpus_in_service_at_end", "GPUs in service at the end", Kind::count, +1},
      {"/key_dates/in_service_100pct", "All racks in service", Kind::date, -1},
      {"/monte_carlo/key_dates/in_service_100pct/p50", "All racks in service, P50", Kind::date, -1},
      {"/bottleneck", "Bottleneck", Kind::text},
      {"/peak_facility_mw", "Peak facility power", Kind::mw},
      {"/stranded_gpu_days/total", "Stranded GPU-days (no power, no slot)", Kind::count, -1},
      {"/waiting_crew_gpu_days", "GPU-days waiting for crews", Kind::count, -1},
      {fmt::format("/{}", columns::capex_usd.name), "Capex", Kind::usd},
      {fmt::format("/{}", columns::energy_cost_usd.name), "Energy cost", Kind::usd},
      {"/jobs/utilization", "GPU utilization", Kind::percent, +1},
      {"/jobs/wait_hours/p90", "Queue wait P90", Kind::hours, -1},
      // summary.json's "reliability" (only when a reliability feature is used; docs/model.md)
      {"/reliability/lemon_racks", "Lemon racks", Kind::count, 0, true},
      {"/reliability/failures_from_lemons", "Failures of lemon racks", Kind::count, -1, true},
      {"/reliability/racks_cordoned", "Racks cordoned (times)", Kind::count, -1, true},
      {"/reliability/racks_retired", "Racks retired", Kind::count, -1, true},
      {"/reliability/repairs_automated", "Repairs automated", Kind::count, 0, true},
      {"/reliability/repairs_manual", "Repairs manual", Kind::count, 0, true},
      {"/reliability/repairs_not_fixed", "Repairs that did not fix the fault", Kind::count, -1, true},
      {"/reliability/replayed", "Failures replayed", Kind::count, 0, true},
      {"/reliability/replay_skipped", "Replayed failures skipped", Kind::count, -1, true},
      // summary.json's "power" (only with a part of the power supply chain; docs/power.md, "Outputs")
      {"/power/stranded_gpu_days/interconnection", "GPU-days stranded by the interconnection", Kind::count, -1, true},
      {"/power/stranded_gpu_days/equipment", "GPU-days stranded by equipment", Kind::count, -1, true},
      {"/power/stranded_gpu_days/construction", "GPU-days stranded by construction", Kind::count, -1, true},
      {"/power/stranded_gpu_days/onsite_outage", "GPU-days held by on-site outages", Kind::count, -1, true},
      {fmt::format("/power/bridge/{}", columns::bridge_energy_mwh.name), "Bridge energy (MWh)", Kind::count, 0, true},
      {fmt::format("/power/bridge/{}", columns::bridge_fuel_usd.name), "Bridge fuel", Kind::usd, -1, true},
      {fmt::format("/power/bridge/{}", columns::bridge_tco2.name), "Bridge emissions (tCO2)", Kind::count, -1, true},
      {"/power/bridge/generation_capex_usd", "On-site generation capex", Kind::usd, 0, true},
      {fmt::format("/power/prices/{}", columns::capacity_cost_usd.name), "Capacity charges", Kind::usd, -1, true},
      {fmt::format("/power/prices/{}", columns::grid_tco2.name), "Grid emissions (tCO2)", Kind::count, -1, true},
      {fmt::format("/power/prices/{}", columns::embodied_tco2.name), "Embodied carbon (tCO2)", Kind::count, -1, true},
  };
  return f;
}

std::string show(const json& v, Kind kind) {
  if (v.is_null()) return "not reached";
  switch (kind) {
    case Kind::date: return v.is_string() ? v.get<std::string>().substr(0, 10) : v.dump();
    case Kind::text: return v.is_string() ? v.get<std::string>() : v.dump();
    case Kind::count: return format_value(v.get<double>(), Unit::count);
    case Kind::usd: return format_value(v.get<double>(), Unit::usd);
    case Kind::mw: return format_value(v.get<double>(), Unit::mw);
    case Kind::percent: return format_value(v.get<double>(), Unit::percent);
    case Kind::hours: return fmt::format("{:.2f} h", v.get<double>());
  }
  return v.dump();
}

// A "B - A" cell, green when B is better and red when worse (by `better`).
std::string delta(double a, double b, Unit unit, int better) {
  const double d = b - a;
  const double gain = d * better;
  const std::string cls = gain > 0 ? "better" : gain < 0 ? "worse" : "";
  const std::string pct = a != 0 ? fmt::format(" ({:+.1f}%)", 100 * d / std::abs(a)) : "";
  return fmt::format("<td class=\"{}\">{}{}{}</td>", cls, d > 0 ? "+" : "", format_value(d, unit), pct);
}

Unit unit_of(Kind k) {
  switch (k) {
    case Kind::usd: return Unit::usd;
    case Kind::mw: return Unit::mw;
    case Kind::percent: return Unit::percent;
    default: return Unit::count;
  }
}

// One value of a comparison row, with the run it comes from.
std::string cell(const Figure& f, const json* v, const char* run) {
  using detail::escape;
  if (v == nullptr) return std::string("<td>-</td>");
  return fmt::format("<td data-run=\"{}\" data-key=\"{}\" data-value=\"{}\">{}</td>", run, escape(f.pointer),
                     escape(detail::raw(*v)), escape(show(*v, f.kind)));
}

// B - A of one figure: numbers by their unit, dates in days; empty otherwise.
std::string difference(const Figure& f, const json* va, const json* vb) {
  if (va && vb && va->is_number() && vb->is_number())
    return delta(va->get<double>(), vb->get<double>(), unit_of(f.kind), f.better);
  if (va && vb && f.kind == Kind::date && va->is_string() && vb->is_string()) {
    const std::int64_t shift = detail::day_number(detail::iso_day(*vb)) - detail::day_number(detail::iso_day(*va));
    return fmt::format("<td class=\"{}\">{:+d} days</td>",
                       shift * f.better > 0   ? "better"
                       : shift * f.better < 0 ? "worse"
                                              : "",
                       shift);
  }
  return "<td></td>";
}

}  // namespace

const std::vector<std::string>& key_figure_pointers() {
  static const std::vector<std::string> p = [] {
    std::vector<std::string> v;
    for (const Figure& f : figures()) v.emplace_back(f.pointer);
    return v;
  }();
  return p;
}

std::vector<KeyFigure> key_figures(const json& summary) {
  std::vector<KeyFigure> out;
  for (const Figure& f : figures())
    if (const json* v = shown(summary, f)) out.push_back({f.label, f.pointer, show(*v, f.kind)});
  return out;
}

namespace detail {

std::string key_figure_cards(const json& summary) {
  std::string out = "<div class=\"cards\" id=\"key-figures\">";
  for (const Figure& f : figures()) {
    const json* v = shown(summary, f);
    if (v == nullptr) continue;
    out += fmt::format(
        "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\" data-key=\"{}\" "
        "data-value=\"{}\">{}</div></div>",
        escape(f.label), escape(f.pointer), escape(raw(*v)), escape(show(*v, f.kind)));
  }
  return out + "</div>\n";
}

std::string key_figure_table(const json& a, const json& b) {
  std::string out =
      "<h2>Key figures</h2><table id=\"key-figures\"><tr><th>Figure</th><th>A</th><th>B</th><th>B - A</th></tr>";
  for (const Figure& f : figures()) {
    const json* va = at(a, f.pointer);
    const json* vb = at(b, f.pointer);
    if (shown(a, f) == nullptr && shown(b, f) == nullptr) continue;
    out += fmt::format("<tr><td>{}</td>{}{}", escape(f.label), cell(f, va, "a"), cell(f, vb, "b"));
    out += difference(f, va, vb);
    out += "</tr>";
  }
  return out + "</table>\n";
}

}  // namespace detail

}  // namespace gwsim::report

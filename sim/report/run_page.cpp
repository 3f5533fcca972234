// gwsim/sim/report/run_page.cpp -- the report of one run (render_report): its
// sections, top to bottom, as docs/report.md describes them.
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "jobs/columns.hpp"
#include "model/columns.hpp"
#include "report/key_figures.hpp"
#include "report/page.hpp"
#include "report/report.hpp"
#include "report/svg.hpp"

namespace gwsim::report {

namespace {

using nlohmann::json;
using namespace detail;

// A chart of `t`'s columns; columns the file lacks are left out.
struct Line {
  const ColumnSpec* column;
  std::string name, color;
  bool dashed = false;
};

// Values in the unit of the first line's column, and the axis labelled with that unit unless `y_label` is given.
TimeChart chart_of(const DatedTable& t, std::string id, std::string title, const std::vector<Line>& lines,
                   std::string y_label = {}) {
  const ColumnSpec& first = *lines.front().column;
  if (y_label.empty()) y_label = first.unit;
  TimeChart c{std::move(id), std::move(title), unit_of(first), std::move(y_label), t.days, {}, {}, {}};
  for (const Line& l : lines)
    if (const auto* v = column_of(t, *l.column)) c.lines.push_back(Series{l.name, *v, l.color, l.dashed});
  return c;
}

void add_band(TimeChart& c, const std::optional<DatedTable>& bands, const ColumnSpec& column,
              const std::string& color) {
  if (!bands || bands->days != c.x_days) return;
  const auto* lo = column_of(*bands, column, "_p10");
  const auto* hi = column_of(*bands, column, "_p90");
  if (lo && hi) c.bands.push_back(Band{"P10-P90 over replications", *lo, *hi, color});
}

std::string capacity_section(const RunData& r) {
  const DatedTable& t = r.timeseries;
  std::string out = "<h2>Capacity in service</h2><div class=\"grid2\">";
  TimeChart gpus = chart_of(t, "capacity-gpus", "GPUs: ordered, delivered, in service",
                            {{&columns::gpus_ordered, "ordered", kGrey, true},
                             {&columns::gpus_delivered, "delivered", kOrange},
                             {&columns::gpus_in_service, "in service", kBlue}});
  add_band(gpus, r.bands, columns::gpus_in_service, kBlue);
  out += render_time_chart(gpus);
  TimeChart pf =
      chart_of(t, "capacity-pflops", "Compute online (dense PFLOPS)",
               {{&columns::pflops_fp8_online, "FP8", kBlue}, {&columns::pflops_bf16_online, "BF16", kGreen}});
  add_band(pf, r.bands, columns::pflops_fp8_online, kBlue);
  out += render_time_chart(pf);
  return out + "</div>\n";
}

std::string power_section(const RunData& r) {
  std::string out = "<h2>Power</h2><div class=\"grid2\">";
  TimeChart c = chart_of(r.timeseries, "power", "Energized capacity and draw",
                         {{&columns::power_energized_mw, "energized", kGrey, true},
                          {&columns::facility_power_mw, "facility (IT x PUE)", kRed},
                          {&columns::it_power_mw, "IT", kOrange}});
  add_band(c, r.bands, columns::facility_power_mw, kRed);
  out += render_time_chart(c);
  out +=
      "<div><table id=\"sites\"><tr><th>Site</th><th>Provider</th><th>Planned</th><th>Energized at the end</th></tr>";
  for (const json& s : r.summary.value("sites", json::array()))
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", escape(raw(s["name"])),
                       escape(raw(s["provider"])), format_value(s["power_planned_mw"].get<double>(), Unit::mw),
                       format_value(s[columns::power_energized_mw.name].get<double>(), Unit::mw));
  return out + "</table></div></div>\n";
}

std::string stranded_section(const RunData& r) {
  const DatedTable& t = r.timeseries;
  std::string out =
      "<h2>Stranded and waiting racks</h2>"
      "<p class=\"note\">Delivered racks that are not yet installed, by the reason they wait: "
      "no energized power, no rack slot (construction), or no free install crew.</p><div class=\"grid2\">";
  const ColumnSpec& unit = columns::gpus_waiting_power;
  TimeChart c{"stranded", "Delivered GPUs waiting, by reason", unit_of(unit), std::string(unit.unit), t.days, {}, {},
              {}};
  const std::pair<const ColumnSpec*, std::pair<const char*, const char*>> layers[] = {
      {&columns::gpus_waiting_power, {"no power", kRed}},
      {&columns::gpus_waiting_slot, {"no slot", kPurple}},
      {&columns::gpus_waiting_crew, {"waiting for crews", kOrange}}};
  for (const auto& [col, nc] : layers)
    if (const auto* v = column_of(t, *col)) c.stacked.push_back(Series{nc.first, *v, nc.second});
  out += render_time_chart(c);
  const json& s = r.summary;
  BarChart b{"stranded-days", "GPU-days lost, by reason", Unit::count, {}, {}};
  Series days{"GPU-days", {}, kRed};
  const std::pair<const char*, const char*> reasons[] = {{"no power", "/stranded_gpu_days/no_power"},
                                                         {"no slot", "/stranded_gpu_days/no_slot"},
                                                         {"waiting for crews", "/waiting_crew_gpu_days"},
                                                         {"in transit", "/in_transit_gpu_days"},
                                                         {"failed, in repair", "/failed_gpu_days"}};
  for (const auto& [name, ptr] : reasons)
    if (const json* v = at(s, ptr)) {
      b.categories.emplace_back(name);
      days.y.push_back(v->get<double>());
    }
  b.series.push_back(days);
  out += render_bar_chart(b);
  return out + "</div>\n";
}

std::string deliveries_section(const RunData& r) {
  std::string out = "<h2>Deliveries by site and SKU</h2>";
  const json d = r.summary.value("deliveries", json::array());
  if (d.empty())
    return out +
           "<p class=\"note\">This run's summary.json has no per-site breakdown (written by an older gwsim).</p>\n";
  BarChart b{"deliveries", "GPUs by site and SKU", unit_of(columns::gpus_ordered), {}, {}};
  Series ordered{"ordered", {}, kGrey}, delivered{"delivered", {}, kOrange}, service{"in service", {}, kBlue};
  std::string table =
      "<table id=\"deliveries-table\"><tr><th>Site</th><th>SKU</th><th>Racks ordered</th><th>delivered</th>"
      "<th>in service</th><th>GPUs in service</th></tr>";
  for (const json& e : d) {
    b.categories.push_back(raw(e["site"]) + " / " + raw(e["sku"]));
    ordered.y.push_back(e[columns::gpus_ordered.name].get<double>());
    delivered.y.push_back(e[columns::gpus_delivered.name].get<double>());
    service.y.push_back(e[columns::gpus_in_service.name].get<double>());
    table +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(raw(e["site"])), escape(raw(e["sku"])), raw(e["racks_ordered"]), raw(e["racks_delivered"]),
                    raw(e[columns::racks_in_service.name]),
                    format_value(e[columns::gpus_in_service.name].get<double>(), unit_of(columns::gpus_in_service)));
  }
  b.series = {ordered, delivered, service};
  return out + "<div class=\"grid2\">" + render_bar_chart(b) + "<div>" + table + "</table></div></div>\n";
}

// summary.json's jobs/utilization: busy GPU-hours / up GPU-hours over the run, not the daily `utilization` column.
double run_utilization(const json& jobs) {
  return jobs["utilization"].get<double>();  // check_columns: not the column (a whole-run ratio)
}

// "not completed", and why when the summary says (/jobs/training/N/why_not_completed).
std::string not_completed(const json& training_run) {
  const json why = training_run.value("why_not_completed", json());
  return why.is_string() ? fmt::format("not completed<div class=\"note why\">{}</div>", escape(raw(why)))
                         : std::string("not completed");
}

std::string jobs_section(const RunData& r) {
  const json* j = at(r.summary, "/jobs");
  if (j == nullptr) return {};
  const DatedTable& t = r.timeseries;
  std::string out = "<h2>Jobs: utilization and queue waits</h2><div class=\"grid2\">";
  out += render_time_chart(chart_of(t, "jobs-use", "GPUs in use",
                                    {{&columns::gpus_in_service, "in service", kGrey, true},
                                     {&columns::gpus_busy, "busy with jobs", kBlue},
                                     {&columns::inference_gpus, "serving inference", kGreen},
                                     {&columns::gpus_queued, "asked for by queued jobs", kRed}}));
  out += render_time_chart(chart_of(t, "jobs-utilization", "Utilization of GPUs in service",
                                    {{&columns::utilization, std::string(columns::utilization.name), kBlue}},
                                    "busy / up"));
  out += "</div>";
  const json& w = (*j)["wait_hours"];
  out += fmt::format(
      "<table id=\"jobs-table\"><tr><th>Jobs</th><th>submitted</th><th>completed</th><th>wait "
      "mean</th><th>P50</th><th>P90</th>"
      "<th>P99</th><th>max</th><th>utilization</th><th>goodput</th></tr><tr><td>all</td><td>{}</td><td>{}</td>"
      "<td>{:.2f} h</td><td>{:.2f} h</td><td>{:.2f} h</td><td>{:.2f} h</td><td>{:.2f} "
      "h</td><td>{}</td><td>{}</td></tr></table>",
      raw((*j)["submitted"]), raw((*j)["completed"]), w["mean"].get<double>(), w["p50"].get<double>(),
      w["p90"].get<double>(), w["p99"].get<double>(), w["max"].get<double>(),
      format_value(run_utilization(*j), Unit::percent), format_value((*j)["goodput"].get<double>(), Unit::percent));
  const json training = j->value("training", json::array());
  if (!training.empty()) {
    out +=
        "<table id=\"training-table\"><tr><th>Training run</th><th>interruptions</th><th>effective training "
        "time</th><th>end</th></tr>";
    for (const json& tr : training)
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", escape(raw(tr["name"])),
                         raw(tr["interruptions"]),
                         format_value(tr["effective_training_time"].get<double>(), Unit::percent),
                         tr.value("completed", false) ? iso_day(tr["end"]) : not_completed(tr));
    out += "</table>";
  }
  return out + "\n";
}

std::string contracts_section(const RunData& r) {
  const json c = r.summary.value("contracts", json::array());
  if (c.empty()) return {};
  std::string out = "<h2>Contracts: spend against commitment</h2><div class=\"grid2\">";
  TimeChart ch = chart_of(r.timeseries, "contracts", "Cumulative contract spend",
                          {{&columns::contract_committed_usd, "committed (take-or-pay)", kGrey, true},
                           {&columns::contract_paid_usd, "paid", kRed},
                           {&columns::contract_used_usd, "value of capacity used", kGreen}});
  add_band(ch, r.bands, columns::contract_paid_usd, kRed);
  out += render_time_chart(ch);
  out +=
      "<div><table id=\"contracts-table\"><tr><th>Contract</th><th>Provider</th><th>Total</th><th>Committed</th>"
      "<th>Paid</th><th>Used</th><th>Paid for unused</th></tr>";
  for (const json& e : c)
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        escape(raw(e["name"])), escape(raw(e["provider"])), format_value(e["total_usd"].get<double>(), Unit::usd),
        format_value(e["committed_usd"].get<double>(), Unit::usd), format_value(e["paid_usd"].get<double>(), Unit::usd),
        format_value(e["used_usd"].get<double>(), Unit::usd),
        format_value(e["paid_usd"].get<double>() - e["used_usd"].get<double>(), Unit::usd));
  return out + "</table></div></div>\n";
}

std::string key_dates_section(const RunData& r) {
  const json& kd = r.summary["key_dates"];
  const json* mc = at(r.summary, "/monte_carlo/key_dates");
  std::string out = "<h2>Key dates</h2><table id=\"key-dates\"><tr><th>Milestone</th><th>This run</th>";
  if (mc) out += "<th>P10</th><th>P50</th><th>P90</th><th>Reached in</th>";
  out += "</tr>";
  for (const auto& [key, name] : kMilestones) {
    const json* why = at(r.summary, fmt::format("/why_not_reached/{}", key));
    const std::string when = kd.contains(key) && !kd[key].is_null() ? iso_day(kd[key])
                             : why && why->is_string()
                                 ? fmt::format("not reached<div class=\"note why\">{}</div>", escape(raw(*why)))
                                 : "not reached";
    out += fmt::format("<tr><td>{}</td><td data-key=\"/key_dates/{}\">{}</td>", name, key, when);
    if (mc && mc->contains(key)) {
      const json& m = (*mc)[key];
      out += fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{}</td>", iso_day(m["p10"]), iso_day(m["p50"]),
                         iso_day(m["p90"]), format_value(m["reached"].get<double>(), Unit::percent));
    }
    out += "</tr>";
  }
  return out + "</table>\n";
}

// The scenario's milestones (summary.json "milestones", and "monte_carlo"/"milestones").
std::string milestones_section(const RunData& r) {
  const json* ms = at(r.summary, "/milestones");
  if (!ms || !ms->is_array() || ms->empty()) return {};
  const json* mc = at(r.summary, "/monte_carlo/milestones");
  std::string out =
      "<h2>Milestones</h2><table id=\"milestones\"><tr><th>Milestone</th><th>Deadline</th><th>This run</th>";
  if (mc) out += "<th>P10</th><th>P50</th><th>P90</th><th>P(by deadline) [95% CI]</th>";
  out += "</tr>";
  for (std::size_t i = 0; i < ms->size(); ++i) {
    const json& m = (*ms)[i];
    std::string when = m["reached"].is_null() ? std::string("not reached") : iso_day(m["reached"]);
    if (m.contains("explanation") && m["explanation"].is_string()) when += ": " + raw(m["explanation"]);
    if (m["met_deadline"].is_boolean()) when += m["met_deadline"].get<bool>() ? " (met)" : " (missed)";
    out +=
        fmt::format("<tr><td>{}</td><td>{}</td><td data-key=\"/milestones/{}/reached\">{}</td>", escape(raw(m["name"])),
                    m["deadline"].is_null() ? "" : escape(raw(m["deadline"])), i, escape(when));
    if (mc && i < mc->size()) {
      const json& q = (*mc)[i];
      const std::string p =
          q.contains("probability")
              ? fmt::format("{} [{}, {}]", format_value(q["probability"].get<double>(), Unit::percent),
                            format_value(q["ci_low"].get<double>(), Unit::percent),
                            format_value(q["ci_high"].get<double>(), Unit::percent))
              : std::string();
      out += fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{}</td>", iso_day(q["p10"]), iso_day(q["p50"]),
                         iso_day(q["p90"]), p);
    }
    out += "</tr>";
  }
  return out + "</table>\n";
}

std::string uncertainty_section(const RunData& r) {
  if (!r.bands) return {};
  const DatedTable& b = *r.bands;
  const json* reps = at(r.summary, "/monte_carlo/replications");
  std::string out = fmt::format(
      "<h2>Uncertainty: {} replications</h2><p class=\"note\">Shaded: P10 to P90 of the "
      "replications on each day; line: P50.</p><div class=\"grid2\">",
      reps ? raw(*reps) : "Monte Carlo");
  const std::tuple<const ColumnSpec*, const char*, const char*> fans[] = {
      {&columns::gpus_in_service, "GPUs in service", kBlue},
      {&columns::pflops_fp8_online, "FP8 PFLOPS online", kGreen},
      {&columns::facility_power_mw, "Facility power", kRed},
      {&columns::gpus_stranded, "GPUs stranded (no power or slot)", kPurple},
      {&columns::contract_paid_usd, "Contract spend paid", kOrange}};
  const bool contracts = !r.summary.value("contracts", json::array()).empty();
  for (const auto& [col, title, color] : fans) {
    if (col == &columns::contract_paid_usd && !contracts) continue;  // no contract: nothing to draw
    const auto* lo = column_of(b, *col, "_p10");
    const auto* mid = column_of(b, *col, "_p50");
    const auto* hi = column_of(b, *col, "_p90");
    if (!lo || !mid || !hi) continue;
    TimeChart c{fmt::format("fan-{}", col->name), title, unit_of(*col), "", b.days, {}, {}, {}};
    c.bands.push_back(Band{"P10-P90", *lo, *hi, color});
    c.lines.push_back(Series{"P50", *mid, color});
    out += render_time_chart(c);
  }
  if (r.key_dates) {
    TimeChart c{"fan-key-dates",
                "Probability a milestone is reached by each date",
                Unit::percent,
                "replications",
                r.key_dates->days,
                {},
                {},
                {}};
    const char* colors[] = {kSky, kBlue, kRed};
    std::size_t i = 0;
    for (const auto& [key, name] : kMilestones)  // key_dates.csv's columns are p_<key>
      if (const auto* v = r.key_dates->column(fmt::format("p_{}", key)))
        c.lines.push_back(Series{name, *v, colors[i++ % std::size(colors)]});
    out += render_time_chart(c);
  }
  return out + "</div>\n";
}

std::string heading(const RunData& r) {
  const json& s = r.summary;
  return fmt::format("<h1>{}</h1><p class=\"sub\">Run <b>{}</b>: {} to {}, seed {}. Bottleneck: <b>{}</b>.</p>\n",
                     escape(raw(s["scenario"])), escape(r.label), escape(raw(s.value("start", json("?")))),
                     escape(raw(s.value("end", json("?")))), escape(raw(s.value("seed", json("?")))),
                     escape(raw(s.value("bottleneck", json("?")))));
}

// Where the racks not in service at the end are, and what holds them.
std::string not_in_service_section(const RunData& r) {
  const json rows = r.summary.value("not_in_service_at_end", json::array());
  if (rows.empty()) return {};
  std::string out =
      "<h2>Racks not in service at the end</h2><table id=\"not-in-service\"><tr><th>Site</th><th>Racks</th>"
      "<th>Not shipped</th><th>In transit</th><th>Queued</th><th>Installing</th><th>In burn-in</th><th "
      "class=\"why\">Why</th></tr>";
  for (const json& e : rows) {
    std::string why;
    for (const json& line : e.value("why", json::array())) why += fmt::format("<div>{}</div>", escape(raw(line)));
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td "
        "class=\"why\">{}</td></tr>",
        escape(raw(e["site"])), raw(e["racks"]), raw(e["not_shipped"]), raw(e["in_transit"]), raw(e["queued"]),
        raw(e["installing"]), raw(e["in_burn_in"]), why);
  }
  return out + "</table>\n";
}

std::string render_report_unchecked(const RunData& r) {
  std::string body = heading(r) + key_figure_cards(r.summary);
  body += capacity_section(r);
  body += power_section(r);
  body += power_supply_section(r);
  body += stranded_section(r);
  body += deliveries_section(r);
  body += jobs_section(r);
  body += contracts_section(r);
  body += money_section(r);
  body += key_dates_section(r);
  body += not_in_service_section(r);
  body += milestones_section(r);
  body += uncertainty_section(r);
  body += monte_carlo_jobs_section(r);
  body += footer({&r});
  return page(fmt::format("gwsim report: {}", raw(r.summary["scenario"])), body);
}

}  // namespace

std::string render_report(const RunData& run) {
  return checked({&run}, [&] { return render_report_unchecked(run); });
}

}  // namespace gwsim::report

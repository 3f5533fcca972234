#include "report/report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "core/error.hpp"
#include "jobs/columns.hpp"
#include "model/columns.hpp"
#include "report/svg.hpp"

namespace gwsim::report {

using nlohmann::json;
using detail::escape;

// ------------------------------------------------------------------ loading

const std::vector<double>* DatedTable::column(const std::string& name) const {
  const auto it = std::find(columns.begin(), columns.end(), name);
  return it == columns.end() ? nullptr : &values[static_cast<std::size_t>(it - columns.begin())];
}

namespace {

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    out.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("report.input", fmt::format("{}: cannot read (is this a gwsim run directory?)", path.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

DatedTable parse_dated_csv(const std::string& text, const std::string& file) {
  DatedTable t;
  std::size_t pos = 0, line_no = 0;
  auto fail = [&](const std::string& what) {
    throw Error("report.input", fmt::format("{}:{}: {}", file, line_no, what));
  };
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const std::vector<std::string_view> cells = split(line);
    if (t.columns.empty() && line_no == 1) {
      if (cells[0] != "date") fail("expected a header starting with 'date'");
      for (std::size_t i = 1; i < cells.size(); ++i) t.columns.emplace_back(cells[i]);
      t.values.resize(t.columns.size());
      continue;
    }
    if (cells.size() != t.columns.size() + 1)
      fail(fmt::format("expected {} fields, got {}", t.columns.size() + 1, cells.size()));
    try {
      t.days.push_back(detail::day_number(cells[0]));
    } catch (const Error& e) {
      fail(e.what());
    }
    if (t.days.size() > 1 && t.days.back() <= t.days[t.days.size() - 2]) fail("dates must increase");
    for (std::size_t i = 1; i < cells.size(); ++i) {
      double v = std::numeric_limits<double>::quiet_NaN();
      if (!cells[i].empty()) {
        const auto [p, ec] = std::from_chars(cells[i].data(), cells[i].data() + cells[i].size(), v);
        if (ec != std::errc() || p != cells[i].data() + cells[i].size())
          fail(fmt::format("column '{}': '{}' is not a number", t.columns[i - 1], cells[i]));
      }
      t.values[i - 1].push_back(v);
    }
  }
  if (t.columns.empty() && t.days.empty()) fail("empty file");
  return t;
}

RunData load_run(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir))
    throw Error("report.input", fmt::format("{}: not a directory (give the --out directory of gwsim run)", dir.string()));
  RunData run;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(dir);
  if (canonical.filename().empty()) canonical = canonical.parent_path();
  run.label = canonical.filename().string();
  auto parse_json = [](const std::filesystem::path& p) {
    try {
      return json::parse(read_file(p));
    } catch (const json::exception& e) {
      throw Error("report.input", fmt::format("{}: not valid JSON: {}", p.string(), e.what()));
    }
  };
  run.summary_file = (dir / "summary.json").string();
  run.summary = parse_json(dir / "summary.json");
  if (!run.summary.is_object() || !run.summary.contains("scenario") || !run.summary.contains(columns::gpus_ordered.name))
    throw Error("report.input", fmt::format("{}: not a gwsim summary (no /scenario or /{})",
                                            (dir / "summary.json").string(), columns::gpus_ordered.name));
  if (std::filesystem::exists(dir / "run_info.json")) run.run_info = parse_json(dir / "run_info.json");
  run.timeseries = parse_dated_csv(read_file(dir / "timeseries.csv"), (dir / "timeseries.csv").string());
  if (run.timeseries.days.empty())
    throw Error("report.input", fmt::format("{}: no rows", (dir / "timeseries.csv").string()));
  if (std::filesystem::exists(dir / "bands.csv"))
    run.bands = parse_dated_csv(read_file(dir / "bands.csv"), (dir / "bands.csv").string());
  if (std::filesystem::exists(dir / "key_dates.csv"))
    run.key_dates = parse_dated_csv(read_file(dir / "key_dates.csv"), (dir / "key_dates.csv").string());
  return run;
}

// ------------------------------------------------------------------ figures

namespace {

enum class Kind { count, date, text, usd, mw, percent, hours };

struct Figure {
  std::string pointer;
  const char* label;
  Kind kind;
  int better = 0;  // +1: higher is better, -1: lower (earlier) is better, 0: neither
};

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
  };
  return f;
}

const json* at(const json& j, const std::string& pointer) {
  const json::json_pointer p(pointer);
  return j.contains(p) ? &j.at(p) : nullptr;
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

// The value as a data attribute: the exact JSON text (strings unquoted).
std::string raw(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string iso_day(const json& v) { return v.is_string() ? v.get<std::string>().substr(0, 10) : std::string("-"); }

// Palette: colour-blind safe (Okabe-Ito), in a fixed order.
constexpr const char* kBlue = "#0072B2";
constexpr const char* kOrange = "#E69F00";
constexpr const char* kGreen = "#009E73";
constexpr const char* kRed = "#D55E00";
constexpr const char* kPurple = "#CC79A7";
constexpr const char* kSky = "#56B4E9";
constexpr const char* kGrey = "#777777";

// How the report writes the values of a column, from its unit in the table (model/columns.hpp).
Unit unit_of(const ColumnSpec& c) {
  if (c.unit == "MW") return Unit::mw;
  if (c.unit == "USD") return Unit::usd;
  if (c.unit == "PFLOPS") return Unit::pflops;
  if (c.unit == "fraction") return Unit::percent;
  return Unit::count;  // GPUs, racks, jobs, vCPUs, MWh
}

// Column `c` of `t` (a time-series file, or bands.csv with `suffix` "_p10", ...); nullptr when absent.
const std::vector<double>* column_of(const DatedTable& t, const ColumnSpec& c, std::string_view suffix = {}) {
  return t.column(fmt::format("{}{}", c.name, suffix));
}

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

void add_band(TimeChart& c, const std::optional<DatedTable>& bands, const ColumnSpec& column, const std::string& color) {
  if (!bands || bands->days != c.x_days) return;
  const auto* lo = column_of(*bands, column, "_p10");
  const auto* hi = column_of(*bands, column, "_p90");
  if (lo && hi) c.bands.push_back(Band{"P10-P90 over replications", *lo, *hi, color});
}

constexpr const char* kStyle = R"css(
:root{--fg:#1d2430;--muted:#5b6573;--line:#d9dee5;--bg:#fff;--card:#f5f7fa}
*{box-sizing:border-box}
body{font:14px/1.45 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0}
main{max-width:1600px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.sub{color:var(--muted);margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px}
.card{background:var(--card);border-radius:6px;padding:10px 12px}
.card .label{color:var(--muted);font-size:12px}.card .value{font-size:20px;font-weight:600}
.grid2{display:flex;flex-wrap:wrap;gap:8px 24px}
figure.chart{margin:8px 0;max-width:760px}figure.chart svg{width:100%;height:auto;display:block}
figcaption{font-weight:600;margin-bottom:2px}
.axis text{font-size:11px;fill:var(--muted)}.axis .grid{stroke:#eceff3}.axis .tick,.axis .frame{stroke:#9aa3ad}
.line{stroke-width:2}.band{opacity:.25}.area{opacity:.8}
ul.legend{list-style:none;padding:0;margin:2px 0 0 78px;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:var(--muted)}
.swatch{display:inline-block;width:16px;height:3px;background:var(--c);vertical-align:middle;margin-right:5px}
.swatch.dashed{background:repeating-linear-gradient(90deg,var(--c) 0 5px,transparent 5px 8px)}
.swatch.area{height:10px;opacity:.7}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:right}th:first-child,td:first-child{text-align:left}
th{color:var(--muted);font-weight:600}
.better{color:#1a7f37}.worse{color:#b42318}.note{color:var(--muted);font-size:13px}
footer{margin-top:36px;color:var(--muted);font-size:12px}
)css";

std::string page(const std::string& title, const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"generator\" content=\"gwsim {}\"><title>{}</title><style>{}</style></head>\n<body><main>\n{}</main></body></html>\n",
      GWSIM_VERSION, escape(title), kStyle, body);
}

std::string footer(const std::vector<const RunData*>& runs) {
  std::string out = "<footer>Generated by gwsim " GWSIM_VERSION " (gwsim report).";
  for (const RunData* r : runs) {
    out += fmt::format(" Run <b>{}</b>: scenario {}, seed {}", escape(r->label), escape(raw(r->summary["scenario"])),
                       escape(raw(r->summary.value("seed", json()))));
    if (r->run_info.is_object() && r->run_info.contains("command"))
      out += fmt::format(", <code>{}</code>", escape(raw(r->run_info["command"])));
    out += ".";
  }
  return out + "</footer>\n";
}

// ------------------------------------------------------------------ one run

std::string cards(const json& summary) {
  std::string out = "<div class=\"cards\" id=\"key-figures\">";
  for (const Figure& f : figures()) {
    const json* v = at(summary, f.pointer);
    if (v == nullptr) continue;
    out += fmt::format(
        "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\" data-key=\"{}\" data-value=\"{}\">{}</div></div>",
        escape(f.label), escape(f.pointer), escape(raw(*v)), escape(show(*v, f.kind)));
  }
  return out + "</div>\n";
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
  TimeChart pf = chart_of(t, "capacity-pflops", "Compute online (dense PFLOPS)",
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
  out += "<div><table id=\"sites\"><tr><th>Site</th><th>Provider</th><th>Planned</th><th>Energized at the end</th></tr>";
  for (const json& s : r.summary.value("sites", json::array()))
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", escape(raw(s["name"])),
                       escape(raw(s["provider"])), format_value(s["power_planned_mw"].get<double>(), Unit::mw),
                       format_value(s[columns::power_energized_mw.name].get<double>(), Unit::mw));
  return out + "</table></div></div>\n";
}

std::string stranded_section(const RunData& r) {
  const DatedTable& t = r.timeseries;
  std::string out = "<h2>Stranded and waiting racks</h2>"
                    "<p class=\"note\">Delivered racks that are not yet installed, by the reason they wait: "
                    "no energized power, no rack slot (construction), or no free install crew.</p><div class=\"grid2\">";
  const ColumnSpec& unit = columns::gpus_waiting_power;
  TimeChart c{"stranded", "Delivered GPUs waiting, by reason", unit_of(unit), std::string(unit.unit), t.days, {}, {}, {}};
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
  if (d.empty()) return out + "<p class=\"note\">This run's summary.json has no per-site breakdown (written by an older gwsim).</p>\n";
  BarChart b{"deliveries", "GPUs by site and SKU", unit_of(columns::gpus_ordered), {}, {}};
  Series ordered{"ordered", {}, kGrey}, delivered{"delivered", {}, kOrange}, service{"in service", {}, kBlue};
  std::string table = "<table id=\"deliveries-table\"><tr><th>Site</th><th>SKU</th><th>Racks ordered</th><th>delivered</th>"
                      "<th>in service</th><th>GPUs in service</th></tr>";
  for (const json& e : d) {
    b.categories.push_back(raw(e["site"]) + " / " + raw(e["sku"]));
    ordered.y.push_back(e[columns::gpus_ordered.name].get<double>());
    delivered.y.push_back(e[columns::gpus_delivered.name].get<double>());
    service.y.push_back(e[columns::gpus_in_service.name].get<double>());
    table += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", escape(raw(e["site"])),
                         escape(raw(e["sku"])), raw(e["racks_ordered"]), raw(e["racks_delivered"]),
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
                                    {{&columns::utilization, std::string(columns::utilization.name), kBlue}}, "busy / up"));
  out += "</div>";
  const json& w = (*j)["wait_hours"];
  out += fmt::format(
      "<table id=\"jobs-table\"><tr><th>Jobs</th><th>submitted</th><th>completed</th><th>wait mean</th><th>P50</th><th>P90</th>"
      "<th>P99</th><th>max</th><th>utilization</th><th>goodput</th></tr><tr><td>all</td><td>{}</td><td>{}</td>"
      "<td>{:.2f} h</td><td>{:.2f} h</td><td>{:.2f} h</td><td>{:.2f} h</td><td>{:.2f} h</td><td>{}</td><td>{}</td></tr></table>",
      raw((*j)["submitted"]), raw((*j)["completed"]), w["mean"].get<double>(), w["p50"].get<double>(),
      w["p90"].get<double>(), w["p99"].get<double>(), w["max"].get<double>(),
      format_value(run_utilization(*j), Unit::percent), format_value((*j)["goodput"].get<double>(), Unit::percent));
  const json training = j->value("training", json::array());
  if (!training.empty()) {
    out += "<table id=\"training-table\"><tr><th>Training run</th><th>interruptions</th><th>effective training time</th><th>end</th></tr>";
    for (const json& tr : training)
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", escape(raw(tr["name"])),
                         raw(tr["interruptions"]), format_value(tr["effective_training_time"].get<double>(), Unit::percent),
                         tr.value("completed", false) ? iso_day(tr["end"]) : "not completed");
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
  out += "<div><table id=\"contracts-table\"><tr><th>Contract</th><th>Provider</th><th>Total</th><th>Committed</th>"
         "<th>Paid</th><th>Used</th><th>Paid for unused</th></tr>";
  for (const json& e : c)
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                       escape(raw(e["name"])), escape(raw(e["provider"])), format_value(e["total_usd"].get<double>(), Unit::usd),
                       format_value(e["committed_usd"].get<double>(), Unit::usd),
                       format_value(e["paid_usd"].get<double>(), Unit::usd), format_value(e["used_usd"].get<double>(), Unit::usd),
                       format_value(e["paid_usd"].get<double>() - e["used_usd"].get<double>(), Unit::usd));
  return out + "</table></div></div>\n";
}

constexpr std::pair<const char*, const char*> kMilestones[] = {
    {"in_service_50pct", "50% of racks in service"},
    {"in_service_90pct", "90% of racks in service"},
    {"in_service_100pct", "100% of racks in service"}};

std::string key_dates_section(const RunData& r) {
  const json& kd = r.summary["key_dates"];
  const json* mc = at(r.summary, "/monte_carlo/key_dates");
  std::string out = "<h2>Key dates</h2><table id=\"key-dates\"><tr><th>Milestone</th><th>This run</th>";
  if (mc) out += "<th>P10</th><th>P50</th><th>P90</th><th>Reached in</th>";
  out += "</tr>";
  for (const auto& [key, name] : kMilestones) {
    out += fmt::format("<tr><td>{}</td><td data-key=\"/key_dates/{}\">{}</td>", name, key,
                       kd.contains(key) && !kd[key].is_null() ? iso_day(kd[key]) : "not reached");
    if (mc && mc->contains(key)) {
      const json& m = (*mc)[key];
      out += fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{}</td>", iso_day(m["p10"]), iso_day(m["p50"]),
                         iso_day(m["p90"]), format_value(m["reached"].get<double>(), Unit::percent));
    }
    out += "</tr>";
  }
  return out + "</table>\n";
}

std::string uncertainty_section(const RunData& r) {
  if (!r.bands) return {};
  const DatedTable& b = *r.bands;
  const json* reps = at(r.summary, "/monte_carlo/replications");
  std::string out = fmt::format("<h2>Uncertainty: {} replications</h2><p class=\"note\">Shaded: P10 to P90 of the "
                                "replications on each day; line: P50.</p><div class=\"grid2\">",
                                reps ? raw(*reps) : "Monte Carlo");
  const std::tuple<const ColumnSpec*, const char*, const char*> fans[] = {
      {&columns::gpus_in_service, "GPUs in service", kBlue},
      {&columns::pflops_fp8_online, "FP8 PFLOPS online", kGreen},
      {&columns::facility_power_mw, "Facility power", kRed},
      {&columns::gpus_stranded, "GPUs stranded (no power or slot)", kPurple},
      {&columns::contract_paid_usd, "Contract spend paid", kOrange}};
  for (const auto& [col, title, color] : fans) {
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
    TimeChart c{"fan-key-dates", "Probability a milestone is reached by each date", Unit::percent, "replications", r.key_dates->days,
                {}, {}, {}};
    const std::pair<const char*, const char*> cols[] = {
        {"p_in_service_50pct", kSky}, {"p_in_service_90pct", kBlue}, {"p_in_service_100pct", kRed}};
    for (const auto& [col, color] : cols)
      if (const auto* v = r.key_dates->column(col))
        c.lines.push_back(Series{fmt::format("{}% in service", std::string(col).substr(14, std::string(col).size() - 17)), *v, color});
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

// ------------------------------------------------------------------ two runs

std::vector<std::int64_t> union_days(const DatedTable& a, const DatedTable& b) {
  std::vector<std::int64_t> d;
  d.reserve(a.days.size() + b.days.size());
  std::merge(a.days.begin(), a.days.end(), b.days.begin(), b.days.end(), std::back_inserter(d));
  d.erase(std::unique(d.begin(), d.end()), d.end());
  return d;
}

// Column `column` of `t` on the merged axis `days` (NaN where `t` has no row).
std::vector<double> align(const DatedTable& t, const ColumnSpec& column, const std::vector<std::int64_t>& days) {
  std::vector<double> out(days.size(), std::numeric_limits<double>::quiet_NaN());
  const auto* v = column_of(t, column);
  if (v == nullptr) return out;
  std::size_t j = 0;
  for (std::size_t i = 0; i < t.days.size(); ++i) {
    while (days[j] < t.days[i]) ++j;  // days holds every t.days value
    out[j] = (*v)[i];
  }
  return out;
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

}  // namespace

const std::vector<std::string>& key_figure_pointers() {
  static const std::vector<std::string> p = [] {
    std::vector<std::string> v;
    for (const Figure& f : figures()) v.emplace_back(f.pointer);
    return v;
  }();
  return p;
}

namespace {

std::string render_report_unchecked(const RunData& r) {
  std::string body = heading(r) + cards(r.summary);
  body += capacity_section(r);
  body += power_section(r);
  body += stranded_section(r);
  body += deliveries_section(r);
  body += jobs_section(r);
  body += contracts_section(r);
  body += key_dates_section(r);
  body += uncertainty_section(r);
  body += footer({&r});
  return page(fmt::format("gwsim report: {}", raw(r.summary["scenario"])), body);
}

std::string render_comparison_unchecked(const RunData& a, const RunData& b) {
  std::string body = fmt::format(
      "<h1>{} vs {}</h1><p class=\"sub\">Baseline <b>A = {}</b> ({}, seed {}); what-if <b>B = {}</b> ({}, seed {}). "
      "Differences are B - A.</p>\n",
      escape(a.label), escape(b.label), escape(a.label), escape(raw(a.summary["scenario"])),
      escape(raw(a.summary.value("seed", json("?")))), escape(b.label), escape(raw(b.summary["scenario"])),
      escape(raw(b.summary.value("seed", json("?")))));
  // key figures
  body += "<h2>Key figures</h2><table id=\"key-figures\"><tr><th>Figure</th><th>A</th><th>B</th><th>B - A</th></tr>";
  for (const Figure& f : figures()) {
    const json* va = at(a.summary, f.pointer);
    const json* vb = at(b.summary, f.pointer);
    if (va == nullptr && vb == nullptr) continue;
    auto cell = [&](const json* v, const char* run) {
      if (v == nullptr) return std::string("<td>-</td>");
      return fmt::format("<td data-run=\"{}\" data-key=\"{}\" data-value=\"{}\">{}</td>", run, escape(f.pointer),
                         escape(raw(*v)), escape(show(*v, f.kind)));
    };
    body += fmt::format("<tr><td>{}</td>{}{}", escape(f.label), cell(va, "a"), cell(vb, "b"));
    if (va && vb && va->is_number() && vb->is_number()) body += delta(va->get<double>(), vb->get<double>(), unit_of(f.kind), f.better);
    else if (va && vb && f.kind == Kind::date && va->is_string() && vb->is_string()) {
      const std::int64_t shift = detail::day_number(iso_day(*vb)) - detail::day_number(iso_day(*va));
      body += fmt::format("<td class=\"{}\">{:+d} days</td>", shift * f.better > 0 ? "better" : shift * f.better < 0 ? "worse" : "", shift);
    }
    else body += "<td></td>";
    body += "</tr>";
  }
  body += "</table>\n";

  // charts: A solid, B dashed
  const std::vector<std::int64_t> days = union_days(a.timeseries, b.timeseries);
  struct Pair {
    const char* id;
    const char* title;
    std::vector<std::tuple<const ColumnSpec*, std::string_view, const char*>> columns;  // column, name, colour
  };
  const Pair charts[] = {
      {"cmp-capacity", "GPUs delivered and in service",
       {{&columns::gpus_in_service, "in service", kBlue}, {&columns::gpus_delivered, "delivered", kOrange}}},
      {"cmp-pflops", "FP8 PFLOPS online", {{&columns::pflops_fp8_online, "FP8 PFLOPS", kGreen}}},
      {"cmp-power", "Facility power and energized capacity",
       {{&columns::facility_power_mw, "facility", kRed}, {&columns::power_energized_mw, "energized", kGrey}}},
      {"cmp-stranded", "GPUs stranded (no power or slot) and waiting for crews",
       {{&columns::gpus_stranded, "stranded", kPurple}, {&columns::gpus_waiting_crew, "waiting for crews", kOrange}}},
      {"cmp-contracts", "Contract spend",
       {{&columns::contract_paid_usd, "paid", kRed}, {&columns::contract_used_usd, "value used", kGreen}}},
      {"cmp-utilization", "Utilization of GPUs in service", {{&columns::utilization, columns::utilization.name, kBlue}}},
  };
  body += "<h2>Over time (A solid, B dashed)</h2><div class=\"grid2\">";
  for (const Pair& p : charts) {
    TimeChart c{p.id, p.title, unit_of(*std::get<0>(p.columns.front())), "", days, {}, {}, {}};
    for (const auto& [col, name, color] : p.columns) {
      if (!column_of(a.timeseries, *col) && !column_of(b.timeseries, *col)) continue;
      c.lines.push_back(Series{fmt::format("A {}", name), align(a.timeseries, *col, days), color});
      c.lines.push_back(Series{fmt::format("B {}", name), align(b.timeseries, *col, days), color, true});
    }
    if (!c.lines.empty()) body += render_time_chart(c);
  }
  body += "</div>\n";

  // key dates
  body += "<h2>Key dates</h2><table id=\"key-dates\"><tr><th>Milestone</th><th>A</th><th>B</th><th>Shift</th></tr>";
  for (const auto& [key, name] : kMilestones) {
    const json da = a.summary["key_dates"].value(key, json());
    const json db = b.summary["key_dates"].value(key, json());
    const std::string shift = da.is_string() && db.is_string()
                                  ? fmt::format("{:+d} days", detail::day_number(iso_day(db)) - detail::day_number(iso_day(da)))
                                  : "-";
    body += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", name,
                        da.is_string() ? iso_day(da) : "not reached", db.is_string() ? iso_day(db) : "not reached", shift);
  }
  body += "</table>\n";

  // deliveries, by (site, SKU) over both runs
  std::vector<std::string> cats;
  std::vector<double> in_a, in_b;
  auto find = [&](const std::string& k) {
    const auto it = std::find(cats.begin(), cats.end(), k);
    if (it != cats.end()) return static_cast<std::size_t>(it - cats.begin());
    cats.push_back(k);
    in_a.push_back(0);
    in_b.push_back(0);
    return cats.size() - 1;
  };
  for (const json& e : a.summary.value("deliveries", json::array()))
    in_a[find(raw(e["site"]) + " / " + raw(e["sku"]))] = e[columns::gpus_in_service.name].get<double>();
  for (const json& e : b.summary.value("deliveries", json::array()))
    in_b[find(raw(e["site"]) + " / " + raw(e["sku"]))] = e[columns::gpus_in_service.name].get<double>();
  if (!cats.empty()) {
    BarChart bc{"cmp-deliveries", "GPUs in service at the end, by site and SKU", unit_of(columns::gpus_in_service), cats,
                {Series{"A", in_a, kBlue}, Series{"B", in_b, kOrange}}};
    body += "<h2>Deliveries by site and SKU</h2>" + render_bar_chart(bc);
  }
  body += footer({&a, &b});
  return page(fmt::format("gwsim comparison: {} vs {}", a.label, b.label), body);
}


// A summary.json whose values have other types than gwsim writes (edited by
// hand, or from another program) is bad input, named as such, not a crash.
template <class Render>
std::string checked(const std::vector<const RunData*>& runs, Render render) {
  try {
    return render();
  } catch (const json::exception& e) {
    std::string files;
    for (const RunData* r : runs) files += (files.empty() ? "" : " or ") + r->summary_file;
    throw Error("report.input", fmt::format("{}: unexpected content: {}", files, e.what()));
  }
}

}  // namespace

std::string render_report(const RunData& run) {
  return checked({&run}, [&] { return render_report_unchecked(run); });
}

std::string render_comparison(const RunData& a, const RunData& b) {
  return checked({&a, &b}, [&] { return render_comparison_unchecked(a, b); });
}

}  // namespace gwsim::report

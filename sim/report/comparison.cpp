// gwsim/sim/report/comparison.cpp -- two runs side by side (render_comparison):
// key figures, charts over time (A solid, B dashed), key dates and deliveries.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "io/explain.hpp"  // count_text()
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

std::string comparison_heading(const RunData& a, const RunData& b) {
  return fmt::format(
      "<h1>{} vs {}</h1><p class=\"sub\">Baseline <b>A = {}</b> ({}, seed {}); what-if <b>B = {}</b> ({}, seed {}). "
      "Differences are B - A.</p>\n",
      escape(a.label), escape(b.label), escape(a.label), escape(raw(a.summary["scenario"])),
      escape(raw(a.summary.value("seed", json("?")))), escape(b.label), escape(raw(b.summary["scenario"])),
      escape(raw(b.summary.value("seed", json("?")))));
}

// The same columns of both runs on one chart: A solid, B dashed.
std::string comparison_charts(const RunData& a, const RunData& b) {
  const std::vector<std::int64_t> days = union_days(a.timeseries, b.timeseries);
  struct Pair {
    const char* id;
    const char* title;
    std::vector<std::tuple<const ColumnSpec*, std::string_view, const char*>> columns;  // column, name, colour
  };
  const Pair charts[] = {
      {"cmp-capacity",
       "GPUs delivered and in service",
       {{&columns::gpus_in_service, "in service", kBlue}, {&columns::gpus_delivered, "delivered", kOrange}}},
      {"cmp-pflops", "FP8 PFLOPS online", {{&columns::pflops_fp8_online, "FP8 PFLOPS", kGreen}}},
      {"cmp-power",
       "Facility power and energized capacity",
       {{&columns::facility_power_mw, "facility", kRed}, {&columns::power_energized_mw, "energized", kGrey}}},
      {"cmp-stranded",
       "GPUs stranded (no power or slot) and waiting for crews",
       {{&columns::gpus_stranded, "stranded", kPurple}, {&columns::gpus_waiting_crew, "waiting for crews", kOrange}}},
      {"cmp-contracts",
       "Contract spend",
       {{&columns::contract_paid_usd, "paid", kRed}, {&columns::contract_used_usd, "value used", kGreen}}},
      {"cmp-utilization",
       "Utilization of GPUs in service",
       {{&columns::utilization, columns::utilization.name, kBlue}}},
  };
  std::string out = "<h2>Over time (A solid, B dashed)</h2><div class=\"grid2\">";
  for (const Pair& p : charts) {
    TimeChart c{p.id, p.title, unit_of(*std::get<0>(p.columns.front())), "", days, {}, {}, {}};
    for (const auto& [col, name, color] : p.columns) {
      if (!column_of(a.timeseries, *col) && !column_of(b.timeseries, *col)) continue;
      c.lines.push_back(Series{fmt::format("A {}", name), align(a.timeseries, *col, days), color});
      c.lines.push_back(Series{fmt::format("B {}", name), align(b.timeseries, *col, days), color, true});
    }
    if (!c.lines.empty()) out += render_time_chart(c);
  }
  return out + "</div>\n";
}

// "+12 days" between two summary dates, or "-" unless both are dates.
std::string shift_days(const json& a, const json& b) {
  if (!a.is_string() || !b.is_string()) return "-";
  return fmt::format("{:+d} days", day_number(iso_day(b)) - day_number(iso_day(a)));
}

std::string comparison_key_dates(const RunData& a, const RunData& b) {
  std::string out =
      "<h2>Key dates</h2><table id=\"key-dates\"><tr><th>Milestone</th><th>A</th><th>B</th><th>Shift</th></tr>";
  for (const auto& [key, name] : kMilestones) {
    const json da = a.summary["key_dates"].value(key, json());
    const json db = b.summary["key_dates"].value(key, json());
    const std::string shift = shift_days(da, db);
    out +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", name,
                    da.is_string() ? iso_day(da) : "not reached", db.is_string() ? iso_day(db) : "not reached", shift);
  }
  return out + "</table>\n";
}

// The jobs of both runs: the headline figures and each training run's end.
std::string comparison_jobs(const RunData& a, const RunData& b) {
  const json* ja = at(a.summary, "/jobs");
  const json* jb = at(b.summary, "/jobs");
  if (!ja && !jb) return {};
  const json none = json::object();
  const json& x = ja ? *ja : none;
  const json& y = jb ? *jb : none;
  std::string out = "<h2>Jobs</h2><table id=\"cmp-jobs\"><tr><th>Figure</th><th>A</th><th>B</th><th>B - A</th></tr>";
  enum class As { count, hours, percent };
  const std::tuple<const char*, const char*, As> figures[] = {
      {"/completed", "Jobs completed", As::count},          {"/interruptions", "Interruptions", As::count},
      {"/wait_hours/p50", "Queue wait P50 (h)", As::hours}, {"/wait_hours/p90", "Queue wait P90 (h)", As::hours},
      {"/wait_hours/p99", "Queue wait P99 (h)", As::hours}, {"/goodput", "Goodput", As::percent}};
  // counts whole with separators, hours to 0.01 h, shares in percent (B - A in points)
  auto show = [](double v, As as, bool sign) {
    const std::string plus = sign && v > 0 ? "+" : "";
    switch (as) {
      case As::count: return plus + count_text(static_cast<std::int64_t>(std::llround(v)));
      case As::hours: return plus + fmt::format("{:.2f}", v);
      case As::percent: return plus + fmt::format("{:.2f}{}", 100 * v, sign ? " pt" : "%");
    }
    return std::string();
  };
  for (const auto& [ptr, name, as] : figures) {
    const json* va = at(x, ptr);
    const json* vb = at(y, ptr);
    const bool a_ok = va && va->is_number(), b_ok = vb && vb->is_number();
    const std::string d = a_ok && b_ok ? show(vb->get<double>() - va->get<double>(), as, true) : "-";
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", name,
                       a_ok ? show(va->get<double>(), as, false) : "-", b_ok ? show(vb->get<double>(), as, false) : "-",
                       d);
  }
  out +=
      "</table><table id=\"cmp-training\"><tr><th>Training run</th><th>End in A</th><th>End in B</th><th>Shift</th>"
      "<th>Interruptions A / B</th></tr>";
  std::vector<std::string> names;
  for (const json* j : {&x, &y})
    for (const json& t : j->value("training", json::array()))
      if (std::find(names.begin(), names.end(), raw(t["name"])) == names.end()) names.push_back(raw(t["name"]));
  auto find = [](const json& j, const std::string& name) {
    for (const json& t : j.value("training", json::array()))
      if (raw(t["name"]) == name) return t;
    return json();
  };
  for (const std::string& name : names) {
    const json ta = find(x, name), tb = find(y, name);
    const json ea = ta.is_object() ? ta.value("end", json()) : json();
    const json eb = tb.is_object() ? tb.value("end", json()) : json();
    auto end = [](const json& t, const json& e) {
      return !t.is_object() ? std::string("absent") : e.is_string() ? iso_day(e) : std::string("not completed");
    };
    auto intr = [](const json& t) {
      return t.is_object() ? count_text(t["interruptions"].get<std::int64_t>()) : std::string("-");
    };
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td></tr>", escape(name),
                       end(ta, ea), end(tb, eb), shift_days(ea, eb), intr(ta), intr(tb));
  }
  return out + "</table>\n";
}

// GPUs in service at the end, by (site, SKU) over both runs.
std::string comparison_deliveries(const RunData& a, const RunData& b) {
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
  if (cats.empty()) return {};
  BarChart bc{"cmp-deliveries",
              "GPUs in service at the end, by site and SKU",
              unit_of(columns::gpus_in_service),
              cats,
              {Series{"A", in_a, kBlue}, Series{"B", in_b, kOrange}}};
  return "<h2>Deliveries by site and SKU</h2>" + render_bar_chart(bc);
}

std::string render_comparison_unchecked(const RunData& a, const RunData& b) {
  std::string body = comparison_heading(a, b);
  body += key_figure_table(a.summary, b.summary);
  body += comparison_charts(a, b);
  body += comparison_key_dates(a, b);
  body += comparison_jobs(a, b);
  body += comparison_deliveries(a, b);
  body += footer({&a, &b});
  return page(fmt::format("gwsim comparison: {} vs {}", a.label, b.label), body);
}

}  // namespace

std::string render_comparison(const RunData& a, const RunData& b) {
  return checked({&a, &b}, [&] { return render_comparison_unchecked(a, b); });
}

}  // namespace gwsim::report

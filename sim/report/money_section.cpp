// gwsim/sim/report/money_section.cpp -- the report's "Money" section (docs/money.md,
// docs/report.md): capex by category over time (stacked, from the cumulative
// timeseries columns), the monthly cash flow by category (cash_flow.csv) and,
// when capex lumps dwarf them, the monthly operating costs alone, the spend by
// category, the cost per GPU-hour and per H100e-hour beside public cloud
// prices, and each contract's exposure. Empty for a run whose summary has no "money".
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "model/columns.hpp"
#include "report/page.hpp"
#include "report/svg.hpp"

namespace gwsim::report::detail {

using nlohmann::json;

namespace {

// The money model's cash-flow categories in their fixed order (docs/money.md), and their colours.
constexpr std::pair<const char*, const char*> kCategories[] = {{"racks", kBlue},
                                                               {"network", kSky},
                                                               {"facility", kOrange},
                                                               {"land", kGrey},
                                                               {"generation", kPurple},
                                                               {"energy", kGreen},
                                                               {"capacity_charges", "#999933"},
                                                               {"fuel", "#882255"},
                                                               {"staff", "#44AA99"},
                                                               {"maintenance", "#DDCC77"},
                                                               {"contracts", kRed},
                                                               {"resale", "#000000"}};

// Public cloud prices per GPU-hour beside which the run's cost is shown (facts.md, "Prices").
constexpr std::pair<const char*, double> kCloudPrices[] = {{"AWS Capacity Block H100 (2025)", 4.92},
                                                           {"AWS Capacity Block H200 (2025)", 5.41},
                                                           {"CoreWeave GB200 list (weak)", 10.50}};

bool any_nonzero(const std::vector<double>& y) {
  for (const double v : y)
    if (std::isfinite(v) && v != 0) return true;
  return false;
}

double number_at(const json& j, const std::string& pointer) {
  const json* v = at(j, pointer);
  return v != nullptr && v->is_number() ? v->get<double>() : std::nan("");
}

// The first five categories are capex; the others are paid as the capacity runs.
constexpr std::size_t kCapexCategories = 5;

// Cumulative capex by category, stacked in the order it is usually spent, so that no band jumps from
// the bottom to the top when a later one starts: facility and land (built first) at the bottom, then
// network and racks (owned racks only: capex_usd), which arrive with the racks.
std::string capex_chart(const RunData& r) {
  const DatedTable& t = r.timeseries;
  TimeChart c{"money-capex", "Cumulative capex by category", Unit::usd, "USD", t.days, {}, {}, {}};
  const std::pair<const ColumnSpec*, std::pair<const char*, const char*>> parts[] = {
      {&columns::capex_facility_usd, {"facility", kOrange}},
      {&columns::capex_land_usd, {"land and utility", kGrey}},
      {&columns::capex_network_usd, {"network", kSky}},
      {&columns::capex_usd, {"racks (owned)", kBlue}}};
  for (const auto& [column, style] : parts)
    if (const auto* y = t.column(std::string(column->name)); y != nullptr && any_nonzero(*y))
      c.stacked.push_back(Series{style.first, *y, style.second});
  if (c.stacked.empty()) return {};  // nothing owned (every site leased): no capex to draw
  if (const auto* spend = t.column(std::string(columns::spend_usd.name)))
    c.lines.push_back(Series{"all spend", *spend, kRed, true});
  return render_time_chart(c);
}

// The monthly cash flow by category (cash_flow.csv), stacked; resale (money received) as a line. With
// `operating`, the categories paid as the capacity runs only (energy to contracts), drawn when the run
// also has capex: a month's rack deliveries can be a hundred times its running costs, which then look
// flat at zero in the full chart.
std::string cash_flow_chart(const RunData& r, bool operating = false) {
  if (!r.cash_flow || r.cash_flow->days.empty()) return {};
  const DatedTable& t = *r.cash_flow;
  TimeChart c{operating ? "money-operating" : "money-cash-flow",
              operating ? "Monthly operating costs (the cash flow without capex)" : "Monthly cash flow by category",
              Unit::usd,
              "USD per month",
              t.days,
              {},
              {},
              {}};
  bool capex = false;
  for (std::size_t i = 0; i < std::size(kCategories); ++i) {
    const auto& [category, colour] = kCategories[i];
    const auto* y = t.column(fmt::format("{}_usd", category));
    const bool resale = std::string(category) == "resale";
    if (i < kCapexCategories) capex = capex || (y != nullptr && any_nonzero(*y));
    if (operating && (i < kCapexCategories || resale)) continue;  // capex, and money back for it
    if (y == nullptr || !any_nonzero(*y)) continue;
    if (resale) {
      std::vector<double> received(y->size());
      for (std::size_t k = 0; k < y->size(); ++k) received[k] = -(*y)[k];
      c.lines.push_back(Series{"resale (received)", std::move(received), colour, true});
    } else {
      c.stacked.push_back(Series{category, *y, colour});
    }
  }
  if (operating && !capex) return {};  // the full chart shows them already
  return c.stacked.empty() && c.lines.empty() ? std::string() : render_time_chart(c);
}

// Spend by category over the run (summary.json money/spend_usd), resale as the amount received; left
// out when there are fewer than two categories.
std::string spend_bars(const json& m) {
  BarChart b{"money-spend", "Spend by category over the run", Unit::usd, {}, {}};
  Series spend{"spend", {}, kBlue};
  for (const auto& [category, colour] : kCategories) {
    const double v = number_at(m, fmt::format("/spend_usd/{}", category));
    if (!std::isfinite(v) || v == 0) continue;
    const bool resale = std::string(category) == "resale";
    b.categories.emplace_back(resale ? "resale (received)" : category);
    spend.y.push_back(resale ? -v : v);
  }
  b.series.push_back(std::move(spend));
  // one category (a leased fleet pays only its contracts): the figures table says it, a lone bar does not
  return b.categories.size() < 2 ? std::string() : render_bar_chart(b);
}

// A row of the figures table: the value's pointer into summary.json and its raw value (as the key
// figures' cells carry them: tests/python/test_report.py compares them with summary.json).
std::string figure_row(const json& m, const char* name, const char* pointer, const std::string& shown) {
  return fmt::format("<tr><td>{}</td><td data-key=\"/money{}\" data-value=\"{}\">{}</td></tr>", name, pointer,
                     detail::escape(detail::raw(*at(m, pointer))), shown);
}

std::string figures_table(const json& m) {
  std::string out = "<table id=\"money-figures\"><tr><th>Figure</th><th>Value</th></tr>";
  const std::pair<const char*, const char*> rows[] = {{"Capex (owned)", "/capex_usd"},
                                                      {"Operating costs", "/opex_usd"},
                                                      {"All spend", "/spend_usd/total"},
                                                      {"Annualized cost", "/annualized_cost_usd_per_year"},
                                                      {"Net present value (negative: a cost)", "/npv_usd"},
                                                      {"Depreciation", "/depreciation_usd/total"},
                                                      {"Capital charge", "/capital_charge_usd"}};
  for (const auto& [name, pointer] : rows) {
    const double v = number_at(m, pointer);
    if (std::isfinite(v)) out += figure_row(m, name, pointer, format_value(v, Unit::usd));
  }
  for (const auto& [name, pointer] :
       {std::pair{"Owned GPUs", "/owned_gpus"}, std::pair{"Leased GPUs", "/leased_gpus"}}) {
    const double v = number_at(m, pointer);
    if (std::isfinite(v)) out += figure_row(m, name, pointer, format_value(v, Unit::count));
  }
  return out + "</table>";
}

// The run's cost per GPU-hour and per H100e-hour in service, beside public cloud prices.
std::string cost_per_hour(const json& m) {
  BarChart b{"money-per-gpu-hour", "Cost per GPU-hour in service beside cloud prices", Unit::usd, {}, {}};
  Series y{"USD per GPU-hour", {}, kBlue};
  const std::pair<const char*, const char*> own[] = {{"this run, per GPU-hour", "/cost_per_gpu_hour_usd"},
                                                     {"this run, per H100e-hour", "/cost_per_h100e_hour_usd"}};
  for (const auto& [name, pointer] : own) {
    const double v = number_at(m, pointer);
    if (!std::isfinite(v)) continue;
    b.categories.emplace_back(name);
    y.y.push_back(v);
  }
  for (const auto& [name, usd] : kCloudPrices) {
    b.categories.emplace_back(name);
    y.y.push_back(usd);
  }
  b.series.push_back(std::move(y));
  return render_bar_chart(b);
}

// Each contract's payments, take-or-pay exposure and late-delivery credits (part 2's figures).
std::string contracts_exposure(const json& m) {
  const json* c = at(m, "/contracts");
  if (c == nullptr || !c->is_array() || c->empty()) return {};
  // one group of bars per figure, one bar per contract; exposure and credits only when a contract has some
  // (short labels: the bar chart's margin is 230 px; the title and the table say what they are)
  const char* const figures[] = {"/paid_usd", "/exposure_usd", "/credit_usd"};
  const char* const labels[] = {"paid", "exposure when late", "late-delivery credits"};
  std::vector<std::size_t> shown;
  for (std::size_t f = 0; f < std::size(figures); ++f) {
    bool some = f == 0;
    for (const json& e : *c) some = some || (std::isfinite(number_at(e, figures[f])) && number_at(e, figures[f]) != 0);
    if (some) shown.push_back(f);
  }
  BarChart b{"money-contracts", "Contracts: paid, exposure when late, credits", Unit::usd, {}, {}};
  for (const std::size_t f : shown) b.categories.emplace_back(labels[f]);
  constexpr const char* kPalette[] = {kRed, kOrange, kGreen, kBlue, kPurple, kSky, kGrey};
  std::string table =
      "<table id=\"money-contracts-table\"><tr><th>Contract</th><th>Paid</th><th>Exposure</th><th>Credits</th>"
      "<th>Implied USD per GPU-hour</th></tr>";
  for (const json& e : *c) {
    const std::string name = raw(e.value("name", json("?")));
    const double paid = number_at(e, "/paid_usd"), exposure = number_at(e, "/exposure_usd"),
                 credit = number_at(e, "/credit_usd");
    Series bars{name, {}, kPalette[b.series.size() % std::size(kPalette)]};
    for (const std::size_t f : shown) bars.y.push_back(number_at(e, figures[f]));
    b.series.push_back(std::move(bars));
    const double implied = number_at(e, "/implied_usd_per_gpu_hour");
    table +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", escape(name),
                    format_value(paid, Unit::usd), format_value(exposure, Unit::usd), format_value(credit, Unit::usd),
                    std::isfinite(implied) ? fmt::format("${:.2f}", implied) : std::string("-"));
  }
  return render_bar_chart(b) + table + "</table>";
}

}  // namespace

std::string money_section(const RunData& r) {
  const json* m = at(r.summary, "/money");
  if (m == nullptr || !m->is_object()) return {};
  std::string out = fmt::format(
      "<h2>Money</h2><p class=\"note\">Capex, operating costs, contracts and resale as the money model counts "
      "them (docs/money.md); cost of capital {}, NPV discounted at {} to the scenario's start.</p>"
      "<div class=\"grid2\">",
      format_value(number_at(*m, "/cost_of_capital"), Unit::percent),
      format_value(number_at(*m, "/discount_rate"), Unit::percent));
  out += capex_chart(r);
  out += cash_flow_chart(r);
  out += cash_flow_chart(r, true);
  out += spend_bars(*m);
  out += "<div>" + figures_table(*m) + "</div>";
  out += cost_per_hour(*m);
  out += contracts_exposure(*m);
  return out + "</div>\n";
}

}  // namespace gwsim::report::detail

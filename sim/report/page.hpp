// gwsim/sim/report/page.hpp -- the parts the report's pages share: the HTML
// page around a body, its footer, the palette, reading summary.json values, and
// columns of a time-series file as chart lines. Internal to sim/report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "model/columns.hpp"
#include "report/report.hpp"
#include "report/svg.hpp"

namespace gwsim::report::detail {

// Palette: colour-blind safe (Okabe-Ito), in a fixed order.
inline constexpr const char* kBlue = "#0072B2";
inline constexpr const char* kOrange = "#E69F00";
inline constexpr const char* kGreen = "#009E73";
inline constexpr const char* kRed = "#D55E00";
inline constexpr const char* kPurple = "#CC79A7";
inline constexpr const char* kSky = "#56B4E9";
inline constexpr const char* kGrey = "#777777";

// The milestones of summary.json's key_dates, as the report names them.
inline constexpr std::pair<const char*, const char*> kMilestones[] = {
    {"in_service_50pct", "50% of racks in service"},
    {"in_service_90pct", "90% of racks in service"},
    {"in_service_100pct", "100% of racks in service"}};

// The value at a JSON pointer; nullptr when absent.
const nlohmann::json* at(const nlohmann::json& j, const std::string& pointer);
// The value as a data attribute: the exact JSON text (strings unquoted).
std::string raw(const nlohmann::json& v);
// "YYYY-MM-DD" of a date string, "-" for anything else.
std::string iso_day(const nlohmann::json& v);

// How the report writes the values of a column, from its unit in the table (model/columns.hpp).
Unit unit_of(const ColumnSpec& c);
// Column `c` of `t` (a time-series file, or bands.csv with `suffix` "_p10", ...); nullptr when absent.
const std::vector<double>* column_of(const DatedTable& t, const ColumnSpec& c, std::string_view suffix = {});

// The Monte Carlo job outcomes (summary.json "monte_carlo"/"training_runs" and "queue"); empty
// without them (report/mc_jobs_section.cpp).
std::string monte_carlo_jobs_section(const RunData& r);
// The power supply chain: energized MW by source, stranded GPU-days by cause (summary.json
// "power"); empty without it (report/power_supply_section.cpp).
std::string power_supply_section(const RunData& r);
// Money: capex by category, cash flow, cost per GPU-hour, contract exposure (summary.json "money");
// empty without it (report/money_section.cpp).
std::string money_section(const RunData& r);

// The whole page: head with the inline style, then `body`.
std::string page(const std::string& title, const std::string& body);
// Which gwsim made the page, and from which runs.
std::string footer(const std::vector<const RunData*>& runs);

// A summary.json whose values have other types than gwsim writes (edited by
// hand, or from another program) is bad input, named as such, not a crash.
template <class Render>
std::string checked(const std::vector<const RunData*>& runs, Render render) {
  try {
    return render();
  } catch (const nlohmann::json::exception& e) {
    std::string files;
    for (const RunData* r : runs) files += (files.empty() ? "" : " or ") + r->summary_file;
    throw Error("report.input", fmt::format("{}: unexpected content: {}", files, e.what()));
  }
}

}  // namespace gwsim::report::detail

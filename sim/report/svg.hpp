// gwsim/sim/report/svg.hpp -- the charts of the HTML report, as inline SVG:
// time series (lines, stacked areas, P10-P90 bands) and grouped horizontal
// bars. Pure functions of their inputs (the same data give the same bytes),
// with no script and nothing fetched, so a report opens offline.
//
//   gwsim::report::TimeChart c{.id = "capacity", .title = "GPUs in service", .unit = "GPUs"};
//   c.x_days = days;                          // days since 1970-01-01, ascending
//   c.lines.push_back({"in service", gpus, "#1f77b4"});
//   std::string svg = gwsim::report::render_time_chart(c);
//
// Every drawn data element carries class "mark" and a <title> naming its
// series, so a browser test can check that a chart is not empty.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gwsim::report {

struct Series {
  std::string name;
  std::vector<double> y;  // one value per x (or per category); NaN leaves a gap
  std::string color;      // a CSS colour
  bool dashed = false;
};

// A shaded range between lo and hi (e.g. P10..P90), drawn under the lines.
struct Band {
  std::string name;
  std::vector<double> lo, hi;
  std::string color;
};

// How the values of a chart are written on its axis and in tooltips.
enum class Unit { count, mw, usd, pflops, percent };

struct TimeChart {
  std::string id;  // unique within the page
  std::string title;
  Unit unit = Unit::count;
  std::string y_label;
  std::vector<std::int64_t> x_days;  // days since 1970-01-01, strictly ascending
  std::vector<Series> stacked;       // stacked areas, bottom first
  std::vector<Band> bands;
  std::vector<Series> lines;
};

// <figure class="chart" id=...> with a caption, the SVG and its legend.
// Throws gwsim::Error("report.chart") when a series' length differs from x_days.
std::string render_time_chart(const TimeChart& chart);

struct BarChart {
  std::string id;
  std::string title;
  Unit unit = Unit::count;
  std::vector<std::string> categories;  // one group of bars each
  std::vector<Series> series;           // y[i] belongs to categories[i]
};

std::string render_bar_chart(const BarChart& chart);

// Values as the report writes them: 1.25 M, $38.0 B, 784 MW, 29.8%.
std::string format_value(double v, Unit unit);

namespace detail {
// About `target` round tick values (1, 2, 2.5, 5 x 10^k) from 0 or lo up to at least hi.
std::vector<double> nice_ticks(double lo, double hi, int target);
// Text safe inside HTML/SVG elements and attribute values.
std::string escape(std::string_view text);
// "YYYY-MM-DD" of a day number, and back; day_number throws Error("report.input").
std::string iso_date(std::int64_t day);
std::int64_t day_number(std::string_view iso_date);
}  // namespace detail

}  // namespace gwsim::report

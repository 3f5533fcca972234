// Tests of sim/report/svg: axis ticks, value formatting, escaping, dates, and
// the charts' marks.
#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "report/svg.hpp"
#include "support/text.hpp"

using namespace gwsim::report;

namespace {
using gwsim::test::count;
}  // namespace

TEST_CASE("nice_ticks covers the range with round steps", "[report][svg]") {
  const auto t = detail::nice_ticks(0, 359596, 5);
  REQUIRE(t.front() == 0);
  REQUIRE(t.back() >= 359596);
  REQUIRE(t.size() >= 4);
  REQUIRE(t.size() <= 8);
  const double step = t[1] - t[0];
  CHECK(step == 100000);
  for (std::size_t i = 1; i < t.size(); ++i) CHECK(t[i] - t[i - 1] == Approx(step));
  // a degenerate range still gets an axis
  const auto z = detail::nice_ticks(0, 0, 5);
  CHECK(z.size() >= 2);
  CHECK(z.back() > z.front());
  // negative values are covered too
  const auto n = detail::nice_ticks(-3, 7, 5);
  CHECK(n.front() <= -3);
  CHECK(n.back() >= 7);
}

TEST_CASE("nice_ticks ends on ranges no step divides (found by fuzz_report)", "[report][svg]") {
  for (const auto& [lo, hi] :
       {std::pair{-1e308, 1e308}, {1e300, 1e300}, {0.0, 1e-320}, {-1e308, 0.0}, {1e15, 1e15 + 1}}) {
    const auto t = detail::nice_ticks(lo, hi, 5);
    CHECK(t.size() >= 2);
    CHECK(t.size() <= 14);
    CHECK(t.front() <= lo);
    CHECK(t.back() >= hi);
  }
  CHECK(detail::nice_ticks(std::nan(""), 1, 5).size() == 2);
}

TEST_CASE("format_value writes units and magnitudes", "[report][svg]") {
  CHECK(format_value(359596, Unit::count) == "360 k");
  CHECK(format_value(3614359.6, Unit::count) == "3.61 M");
  CHECK(format_value(5000, Unit::count) == "5000");
  CHECK(format_value(18.5e9, Unit::usd) == "$18.5 B");
  CHECK(format_value(-2.5e6, Unit::usd) == "-$2.50 M");
  CHECK(format_value(784.9, Unit::mw) == "785 MW");
  CHECK(format_value(0.29776, Unit::percent) == "29.8%");
  CHECK(format_value(std::nan(""), Unit::count) == "-");
}

TEST_CASE("escape makes names safe in HTML and attributes", "[report][svg]") {
  CHECK(detail::escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
  CHECK(detail::escape("plain") == "plain");
}

TEST_CASE("dates convert both ways and reject other forms", "[report][svg]") {
  CHECK(detail::day_number("1970-01-01") == 0);
  CHECK(detail::day_number("2026-12-31") == 20818);
  CHECK(detail::iso_date(20818) == "2026-12-31");
  CHECK(detail::iso_date(detail::day_number("2028-02-29")) == "2028-02-29");
  CHECK_THROWS_AS(detail::day_number("2026-13-01"), gwsim::Error);
  CHECK_THROWS_AS(detail::day_number("2026/01/01"), gwsim::Error);
  CHECK_THROWS_AS(detail::day_number("20260101"), gwsim::Error);
}

TEST_CASE("a time chart draws one mark per line, band and stacked run", "[report][svg]") {
  TimeChart c{"cap", "GPUs <in service>", Unit::count, "GPUs", {}, {}, {}, {}};
  for (int d = 0; d < 100; ++d) c.x_days.push_back(20000 + d);
  std::vector<double> y(100), lo(100), hi(100);
  for (int i = 0; i < 100; ++i) y[i] = i * 10.0, lo[i] = i * 9.0, hi[i] = i * 11.0;
  c.lines.push_back({"in service", y, "#123456"});
  c.lines.push_back({"ordered", std::vector<double>(100, 1000.0), "#777", true});
  c.bands.push_back({"P10-P90", lo, hi, "#123456"});
  c.stacked.push_back({"no power", y, "#f00"});
  const std::string svg = render_time_chart(c);
  CHECK(count(svg, "class=\"mark line\"") == 2);
  CHECK(count(svg, "class=\"mark band\"") == 1);
  CHECK(count(svg, "class=\"mark area\"") == 1);
  CHECK(count(svg, "stroke-dasharray") == 1);
  CHECK(svg.find("GPUs &lt;in service&gt;") != std::string::npos);  // the title is escaped
  CHECK(svg.find("<in service>") == std::string::npos);
  CHECK(svg.find("id=\"cap\"") != std::string::npos);
  // the same input gives the same bytes
  CHECK(render_time_chart(c) == svg);
}

TEST_CASE("NaN splits a line into pieces; an all-NaN line draws nothing", "[report][svg]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  TimeChart c{"gap", "gap", Unit::count, "", {1, 2, 3, 4, 5}, {}, {}, {}};
  c.lines.push_back({"split", {1, 2, nan, 4, 5}, "#000"});
  c.lines.push_back({"empty", {nan, nan, nan, nan, nan}, "#000"});
  const std::string svg = render_time_chart(c);
  CHECK(count(svg, "class=\"mark line\"") == 1);
  CHECK(count(svg, " M") + (svg.find("d=\"M") != std::string::npos ? 1 : 0) >= 2);
}

TEST_CASE("long series are thinned but keep their extremes", "[report][svg]") {
  TimeChart c{"long", "long", Unit::count, "", {}, {}, {}, {}};
  std::vector<double> y;
  for (int d = 0; d < 36500; ++d) {
    c.x_days.push_back(d);
    y.push_back(d == 20000 ? 1e6 : 1.0);  // one spike
  }
  c.lines.push_back({"spiky", y, "#000"});
  const std::string svg = render_time_chart(c);
  CHECK(svg.size() < 200000);  // not 36500 points
  CHECK(count(svg, "L") < 5000);
  CHECK(svg.find(",14.0") != std::string::npos);  // the spike reaches the top of the plot (y = kTop)
}

TEST_CASE("a series of the wrong length is an error, not a broken chart", "[report][svg]") {
  TimeChart c{"bad", "bad", Unit::count, "", {1, 2, 3}, {}, {}, {}};
  c.lines.push_back({"short", {1, 2}, "#000"});
  try {
    (void)render_time_chart(c);
    FAIL("no error");
  } catch (const gwsim::Error& e) {
    CHECK(e.code() == "report.chart");
    CHECK(std::string(e.what()).find("short") != std::string::npos);
  }
  BarChart b{"bars", "bars", Unit::count, {"a", "b"}, {{"s", {1.0}, "#000"}}};
  CHECK_THROWS_AS(render_bar_chart(b), gwsim::Error);
}

TEST_CASE("a bar chart draws a bar per finite value, to scale", "[report][svg]") {
  BarChart b{"bars",
             "GPUs by site",
             Unit::count,
             {"site-a / GB200", "site-b / GB300"},
             {{"ordered", {100, 200}, "#777"}, {"in service", {50, std::nan("")}, "#00f"}}};
  const std::string svg = render_bar_chart(b);
  CHECK(count(svg, "class=\"mark bar\"") == 3);
  CHECK(svg.find("site-b / GB300") != std::string::npos);
  // the 200 bar is twice as wide as the 100 bar
  const auto width_of = [&](const std::string& title) {
    const std::size_t t = svg.find(title);
    const std::size_t w = svg.rfind("width=\"", t);
    return std::stod(svg.substr(w + 7));
  };
  CHECK(width_of("site-b / GB300 / ordered") == Approx(2 * width_of("site-a / GB200 / ordered")).epsilon(0.01));
}

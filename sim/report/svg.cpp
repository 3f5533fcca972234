#include "report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <fmt/format.h>

#include "core/error.hpp"

namespace gwsim::report {

namespace detail {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {
const boost::gregorian::date kEpoch(1970, 1, 1);
}

std::string iso_date(std::int64_t day) {
  return boost::gregorian::to_iso_extended_string(kEpoch + boost::gregorian::days(static_cast<long>(day)));
}

std::int64_t day_number(std::string_view iso) {
  // Strictly YYYY-MM-DD: Boost's parser also accepts other forms.
  const bool shape = iso.size() == 10 && iso[4] == '-' && iso[7] == '-' &&
                     std::all_of(iso.begin(), iso.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  try {
    if (shape) return (boost::gregorian::from_simple_string(std::string(iso)) - kEpoch).days();
  } catch (const std::exception&) {
  }
  throw Error("report.input", fmt::format("'{}' is not a date (YYYY-MM-DD)", iso));
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  // Ranges a step cannot divide (empty, absorbed by rounding, wider than
  // the largest double) get a plain two-tick axis rather than a loop that
  // never ends: found by fuzz_report (tests/fuzz/regressions).
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0.0, 1.0};
  if (!(hi > lo)) hi = lo + std::max(1.0, std::abs(lo) * 1e-9);
  const double raw = (hi - lo) / std::max(1, target);
  if (!std::isfinite(raw) || !(raw > 0) || !(hi > lo)) return {lo, hi};
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  std::vector<double> ticks;
  const double first = std::floor(lo / step) * step;
  if (!std::isfinite(first) || !std::isfinite(step)) return {lo, hi};
  for (int i = 0; i < 2 * target + 4; ++i) {
    const double t = first + i * step;
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    if (t >= hi - step * 1e-9) return ticks;
  }
  return {lo, hi};  // steps lost to rounding at extreme magnitudes
}

}  // namespace detail

using detail::escape;

std::string format_value(double v, Unit unit) {
  if (!std::isfinite(v)) return "-";
  auto scaled = [](double x) {
    const double a = std::abs(x);
    const char* suffix = "";
    double d = x;
    if (a >= 1e12) d = x / 1e12, suffix = " T";
    else if (a >= 1e9) d = x / 1e9, suffix = " B";
    else if (a >= 1e6) d = x / 1e6, suffix = " M";
    else if (a >= 1e4) d = x / 1e3, suffix = " k";
    const double ad = std::abs(d);
    const int decimals = ad == 0 || ad >= 100 ? 0 : ad >= 10 ? 1 : 2;
    std::string s = fmt::format("{:.{}f}", d, decimals);
    if (s.find('.') != std::string::npos && *suffix == '\0' && std::round(d) == d) s = fmt::format("{:.0f}", d);
    return s + suffix;
  };
  switch (unit) {
    case Unit::usd: return (v < 0 ? "-$" : "$") + scaled(std::abs(v));
    case Unit::mw: return scaled(v) + " MW";
    case Unit::pflops: return scaled(v) + " PFLOPS";
    case Unit::percent: return fmt::format("{:.1f}%", 100 * v);
    case Unit::count: break;
  }
  return scaled(v);
}

namespace {

constexpr double kWidth = 760, kLeft = 78, kRight = 18, kTop = 14, kBottom = 30;

// Axis labels: the unit is on the axis title, so only "$" and "%" stay, and
// round ticks lose their trailing zeros (250 k, 1.5 M, $20 B).
std::string tick_label(double v, Unit unit) {
  if (unit == Unit::percent) return fmt::format("{:g}%", 100 * v);
  std::string s = format_value(v, unit == Unit::usd ? Unit::usd : Unit::count);
  const std::size_t dot = s.find('.');
  if (dot != std::string::npos) {
    std::size_t end = dot + 1;
    while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
    std::size_t keep = end;
    while (keep > dot + 1 && s[keep - 1] == '0') --keep;
    if (keep == dot + 1) keep = dot;
    s.erase(keep, end - keep);
  }
  return s;
}

std::string legend(const std::vector<std::pair<std::string, std::string>>& items, const std::vector<bool>& dashed,
                   const std::vector<bool>& area) {
  std::string out = "<ul class=\"legend\">";
  for (std::size_t i = 0; i < items.size(); ++i)
    out += fmt::format("<li><span class=\"swatch{}\" style=\"--c:{}\"></span>{}</li>",
                       area[i]     ? " area"
                       : dashed[i] ? " dashed"
                                   : "",
                       escape(items[i].second), escape(items[i].first));
  return out + "</ul>";
}

// Date ticks on a month grid (1, 3, 6, 12, 24, 60 months apart) or, for
// spans under two months, a day grid; at most about 9 of them.
std::vector<std::int64_t> date_ticks(std::int64_t d0, std::int64_t d1) {
  using namespace boost::gregorian;
  std::vector<std::int64_t> ticks;
  const std::int64_t span = d1 - d0;
  if (span < 62) {
    const std::int64_t step = std::max<std::int64_t>(1, (span + 7) / 8);
    for (std::int64_t d = d0; d <= d1; d += step) ticks.push_back(d);
    return ticks;
  }
  const date start = date(1970, 1, 1) + days(static_cast<long>(d0));
  for (const int months : {1, 3, 6, 12, 24, 60, 120, 240, 600}) {
    ticks.clear();
    // the first month boundary at or after d0 that is a multiple of `months`
    int y = start.year(), m = start.month();
    int index = y * 12 + (m - 1);
    if (start.day() != 1) ++index;
    index = (index + months - 1) / months * months;
    for (;; index += months) {
      const date d(static_cast<unsigned short>(index / 12), static_cast<unsigned short>(index % 12 + 1), 1);
      const std::int64_t n = (d - date(1970, 1, 1)).days();
      if (n > d1) break;
      ticks.push_back(n);
    }
    if (ticks.size() <= 9) break;
  }
  return ticks;
}

std::string date_tick_label(std::int64_t day, std::int64_t span) {
  const std::string iso = detail::iso_date(day);
  if (span < 62) return iso.substr(5);  // MM-DD
  if (iso.substr(5, 2) == "01" && span > 4 * 365) return iso.substr(0, 4);
  return iso.substr(0, 7);  // YYYY-MM
}

// Splits [0, n) into runs where every value of every vector is finite.
template <class... V>
std::vector<std::pair<std::size_t, std::size_t>> finite_runs(std::size_t n, const V&... v) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  std::size_t i = 0;
  while (i < n) {
    while (i < n && !(std::isfinite(v[i]) && ...)) ++i;
    const std::size_t j0 = i;
    while (i < n && (std::isfinite(v[i]) && ...)) ++i;
    if (i > j0) runs.emplace_back(j0, i);
  }
  return runs;
}

struct Frame {
  double x0, x1, y0, y1;  // data ranges
  double width, height;   // of the plot area, in px
  double px(double x) const { return kLeft + (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5) * width; }
  double py(double y) const { return kTop + height - (y - y0) / (y1 - y0) * height; }
};

// Indices to draw for a line of n points over `pixels` columns: all of them
// when few; otherwise, per pixel column, the first, the min, the max and the
// last point, in time order, so steps and spikes survive the thinning.
std::vector<std::size_t> thin(const std::vector<double>& y, std::size_t a, std::size_t b, double pixels) {
  std::vector<std::size_t> idx;
  const std::size_t n = b - a;
  const auto cols = static_cast<std::size_t>(pixels);
  if (n <= 2 * cols) {
    for (std::size_t i = a; i < b; ++i) idx.push_back(i);
    return idx;
  }
  for (std::size_t c = 0; c < cols; ++c) {
    const std::size_t lo = a + n * c / cols, hi = a + n * (c + 1) / cols;
    if (lo >= hi) continue;
    std::size_t mn = lo, mx = lo;
    for (std::size_t i = lo; i < hi; ++i) {
      if (y[i] < y[mn]) mn = i;
      if (y[i] > y[mx]) mx = i;
    }
    std::size_t pick[] = {lo, mn, mx, hi - 1};
    std::sort(std::begin(pick), std::end(pick));
    for (const std::size_t p : pick)
      if (idx.empty() || idx.back() != p) idx.push_back(p);
  }
  return idx;
}

void check_length(const TimeChart& c, const std::string& name, std::size_t n) {
  if (n != c.x_days.size())
    throw Error("report.chart",
                fmt::format("chart '{}': series '{}' has {} values for {} dates", c.id, name, n, c.x_days.size()));
}

}  // namespace

namespace {

// The grid, the axes and their labels of a time chart.
std::string time_axes(const TimeChart& c, const Frame& f, const std::vector<double>& yt, double height) {
  const std::size_t n = c.x_days.size();
  std::string svg;
  svg += "<g class=\"axis\">";
  for (const double t : yt)
    svg += fmt::format(
        "<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>",
        kLeft, kLeft + f.width, f.py(t), f.py(t), kLeft - 6, f.py(t) + 4, escape(tick_label(t, c.unit)));
  if (n > 0) {
    const std::int64_t span = c.x_days.back() - c.x_days.front();
    for (const std::int64_t d : date_ticks(c.x_days.front(), c.x_days.back()))
      svg += fmt::format(
          "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" class=\"tick\"/>"
          "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4}</text>",
          f.px(static_cast<double>(d)), kTop + height, kTop + height + 5, kTop + height + 18, date_tick_label(d, span));
  }
  svg += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" class=\"frame\"/>", kLeft, kTop, kTop + height);
  svg += fmt::format(
      "<text class=\"ylabel\" transform=\"rotate(-90)\" x=\"{:.1f}\" y=\"14\" text-anchor=\"middle\">{}</text>",
      -(kTop + height / 2), escape(c.y_label));
  svg += "</g>";
  return svg;
}

// The stacked areas, bands and lines of a time chart; `tops` are the stacked layers, cumulative.
std::string time_marks(const TimeChart& c, const Frame& f, const std::vector<std::vector<double>>& tops) {
  const std::size_t n = c.x_days.size();
  std::string svg;
  auto xy = [&](std::size_t i, double y) {
    return fmt::format("{:.1f},{:.1f}", f.px(static_cast<double>(c.x_days[i])), f.py(y));
  };
  auto area = [&](const std::vector<double>& hi, const std::vector<double>* lo, std::size_t a, std::size_t b) {
    std::string pts;
    for (const std::size_t i : thin(hi, a, b, f.width)) pts += xy(i, hi[i]) + " ";
    if (lo != nullptr) {
      const std::vector<std::size_t> back = thin(*lo, a, b, f.width);
      for (std::size_t k = back.size(); k-- > 0;) pts += xy(back[k], (*lo)[back[k]]) + " ";
    } else {
      pts += xy(b - 1, f.y0) + " " + xy(a, f.y0);
    }
    return pts;
  };
  for (std::size_t k = tops.size(); k-- > 0;) {
    for (const auto& [a, b] : finite_runs(n, tops[k]))
      svg += fmt::format("<polygon class=\"mark area\" fill=\"{}\" points=\"{}\"><title>{}</title></polygon>",
                         escape(c.stacked[k].color), area(tops[k], k > 0 ? &tops[k - 1] : nullptr, a, b),
                         escape(c.stacked[k].name));
  }
  for (const auto& band : c.bands)
    for (const auto& [a, b] : finite_runs(n, band.lo, band.hi))
      svg += fmt::format("<polygon class=\"mark band\" fill=\"{}\" points=\"{}\"><title>{}</title></polygon>",
                         escape(band.color), area(band.hi, &band.lo, a, b), escape(band.name));
  for (const auto& s : c.lines) {
    std::string d;
    for (const auto& [a, b] : finite_runs(n, s.y)) {
      char cmd = 'M';
      for (const std::size_t i : thin(s.y, a, b, f.width)) {
        d += cmd + xy(i, s.y[i]) + " ";
        cmd = 'L';
      }
    }
    if (d.empty()) continue;
    d.pop_back();
    svg += fmt::format(
        "<path class=\"mark line\" fill=\"none\" stroke=\"{}\"{} d=\"{}\"><title>{}: last {}</title></path>",
        escape(s.color), s.dashed ? " stroke-dasharray=\"6 4\"" : "", d, escape(s.name),
        escape(format_value(s.y.back(), c.unit)));
  }
  return svg;
}

}  // namespace

std::string render_time_chart(const TimeChart& c) {
  const std::size_t n = c.x_days.size();
  for (const auto& s : c.stacked) check_length(c, s.name, s.y.size());
  for (const auto& b : c.bands) {
    check_length(c, b.name, b.lo.size());
    check_length(c, b.name, b.hi.size());
  }
  for (const auto& s : c.lines) check_length(c, s.name, s.y.size());

  // the stacked layers, cumulative
  std::vector<std::vector<double>> tops;
  std::vector<double> base(n, 0.0);
  for (const auto& s : c.stacked) {
    for (std::size_t i = 0; i < n; ++i) base[i] += std::isfinite(s.y[i]) ? s.y[i] : 0.0;
    tops.push_back(base);
  }
  double ymax = 0, ymin = 0;
  auto see = [&](const std::vector<double>& v) {
    for (const double x : v)
      if (std::isfinite(x)) ymax = std::max(ymax, x), ymin = std::min(ymin, x);
  };
  for (const auto& t : tops) see(t);
  for (const auto& b : c.bands) see(b.hi), see(b.lo);
  for (const auto& s : c.lines) see(s.y);
  if (c.unit == Unit::percent) ymax = std::max(ymax, 1.0);
  const std::vector<double> yt = detail::nice_ticks(ymin, ymax, 5);
  const double height = 220;
  Frame f{n ? static_cast<double>(c.x_days.front()) : 0.0,
          n ? static_cast<double>(c.x_days.back()) : 1.0,
          yt.front(),
          yt.back(),
          kWidth - kLeft - kRight,
          height};
  const double total_h = kTop + height + kBottom;

  std::string svg = fmt::format(
      "<svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\" "
      "xmlns=\"http://www.w3.org/2000/svg\">",
      kWidth, total_h, kWidth, total_h, escape(c.title));
  svg += time_axes(c, f, yt, height);
  svg += time_marks(c, f, tops);
  svg += "</svg>";

  std::vector<std::pair<std::string, std::string>> items;
  std::vector<bool> dashed, is_area;
  for (const auto& s : c.lines)
    items.emplace_back(s.name, s.color), dashed.push_back(s.dashed), is_area.push_back(false);
  for (const auto& b : c.bands) items.emplace_back(b.name, b.color), dashed.push_back(false), is_area.push_back(true);
  for (const auto& s : c.stacked) items.emplace_back(s.name, s.color), dashed.push_back(false), is_area.push_back(true);
  return fmt::format("<figure class=\"chart\" id=\"{}\"><figcaption>{}</figcaption>{}{}</figure>\n", escape(c.id),
                     escape(c.title), svg, legend(items, dashed, is_area));
}

std::string render_bar_chart(const BarChart& c) {
  for (const auto& s : c.series)
    if (s.y.size() != c.categories.size())
      throw Error("report.chart", fmt::format("chart '{}': series '{}' has {} values for {} categories", c.id, s.name,
                                              s.y.size(), c.categories.size()));
  const double left = 230, bar = 14, gap = 12;
  const double group = bar * static_cast<double>(std::max<std::size_t>(1, c.series.size())) + gap;
  const double height = std::max(60.0, group * static_cast<double>(std::max<std::size_t>(1, c.categories.size())));
  double xmax = 0;
  for (const auto& s : c.series)
    for (const double v : s.y)
      if (std::isfinite(v)) xmax = std::max(xmax, v);
  const std::vector<double> xt = detail::nice_ticks(0, xmax, 5);
  const double width = kWidth - left - kRight;
  auto px = [&](double v) { return left + v / xt.back() * width; };
  const double total_h = kTop + height + kBottom;
  std::string svg = fmt::format(
      "<svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\" "
      "xmlns=\"http://www.w3.org/2000/svg\"><g class=\"axis\">",
      kWidth, total_h, kWidth, total_h, escape(c.title));
  for (const double t : xt)
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" class=\"grid\"/>"
        "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>",
        px(t), kTop, kTop + height, kTop + height + 18, escape(tick_label(t, c.unit)));
  for (std::size_t g = 0; g < c.categories.size(); ++g)
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", left - 8,
                       kTop + static_cast<double>(g) * group + (group - gap) / 2 + 4, escape(c.categories[g]));
  svg += "</g>";
  for (std::size_t g = 0; g < c.categories.size(); ++g)
    for (std::size_t k = 0; k < c.series.size(); ++k) {
      const double v = c.series[k].y[g];
      if (!std::isfinite(v)) continue;
      svg += fmt::format(
          "<rect class=\"mark bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
          "<title>{} / {}: {}</title></rect>",
          left, kTop + static_cast<double>(g) * group + static_cast<double>(k) * bar, std::max(0.0, px(v) - left),
          bar - 2, escape(c.series[k].color), escape(c.categories[g]), escape(c.series[k].name),
          escape(format_value(v, c.unit)));
    }
  svg += "</svg>";
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& s : c.series) items.emplace_back(s.name, s.color);
  const std::vector<bool> no(items.size(), false), yes(items.size(), true);
  return fmt::format("<figure class=\"chart\" id=\"{}\"><figcaption>{}</figcaption>{}{}</figure>\n", escape(c.id),
                     escape(c.title), svg, legend(items, no, yes));
}

}  // namespace gwsim::report

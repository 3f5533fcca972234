#include "core/time.hpp"

#include <cctype>
#include <cmath>
#include <limits>
#include <string>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <fmt/format.h>

#include "core/error.hpp"

namespace gwsim {
namespace detail {
namespace {

namespace pt = boost::posix_time;
namespace gr = boost::gregorian;

bool digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return false;
  for (std::size_t i = pos; i < pos + n; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

[[noreturn]] void bad_format(std::string_view iso) {
  throw Error("time.format", fmt::format("'{}' is not an ISO 8601 date (YYYY-MM-DD) or date-time "
                                         "(YYYY-MM-DDTHH:MM:SS[.ffffff][Z])",
                                         iso));
}

// Strict shape check first (Boost's parsers accept more than ISO 8601 allows),
// then Boost.Date_Time for calendar validity (month lengths, leap years).
pt::ptime parse_ptime(std::string_view iso) {
  std::string_view s = iso;
  if (!s.empty() && s.back() == 'Z') s.remove_suffix(1);
  const bool date_ok =
      s.size() >= 10 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' && digits(s, 8, 2);
  if (!date_ok) bad_format(iso);
  if (s.size() == 10 && s.size() == iso.size()) {
    try {
      return pt::ptime(gr::from_simple_string(std::string(s)));
    } catch (const std::exception&) {
      bad_format(iso);
    }
  }
  const bool time_ok = s.size() >= 19 && s[10] == 'T' && digits(s, 11, 2) && s[13] == ':' && digits(s, 14, 2) &&
                       s[16] == ':' && digits(s, 17, 2);
  if (!time_ok) bad_format(iso);
  if (s.size() > 19) {
    // fractional seconds: '.', then 1 to 6 digits (the tick is 1 us)
    if (s[19] != '.' || s.size() < 21 || s.size() > 26 || !digits(s, 20, s.size() - 20)) bad_format(iso);
  }
  const int hh = std::stoi(std::string(s.substr(11, 2)));
  const int mm = std::stoi(std::string(s.substr(14, 2)));
  const int ss = std::stoi(std::string(s.substr(17, 2)));
  if (hh > 23 || mm > 59 || ss > 59) bad_format(iso);
  try {
    const gr::date d = gr::from_simple_string(std::string(s.substr(0, 10)));
    std::int64_t us = 0;
    if (s.size() > 19) {
      std::string frac(s.substr(20));
      frac.resize(6, '0');
      us = std::stoll(frac);
    }
    return pt::ptime(d, pt::hours(hh) + pt::minutes(mm) + pt::seconds(ss) + pt::microseconds(us));
  } catch (const std::exception&) {
    bad_format(iso);
  }
}

Tick ticks_from_units(double v, double ticks_per_unit, const char* unit) {
  const double t = std::nearbyint(v * ticks_per_unit);
  // 2^63 is exactly representable; anything at or beyond it overflows.
  if (!std::isfinite(t) || t >= 9223372036854775808.0 || t < -9223372036854775808.0)
    throw Error("time.range", fmt::format("{} {} does not fit in simulation time", v, unit));
  return static_cast<Tick>(t);
}

}  // namespace
}  // namespace detail

Tick ticks_from_seconds(double s) {
  return detail::ticks_from_units(s, static_cast<double>(kTicksPerSecond), "seconds");
}
Tick ticks_from_hours(double h) { return detail::ticks_from_units(h, static_cast<double>(kTicksPerHour), "hours"); }
Tick ticks_from_days(double d) { return detail::ticks_from_units(d, static_cast<double>(kTicksPerDay), "days"); }

Calendar::Calendar(std::string_view epoch_iso) : epoch_(detail::parse_ptime(epoch_iso)) {}

Calendar::Calendar(boost::posix_time::ptime epoch) : epoch_(epoch) {
  if (epoch_.is_special()) throw Error("time.format", "calendar epoch must be a finite date-time");
}

Tick Calendar::from_ptime(boost::posix_time::ptime p) const {
  if (p.is_special()) throw Error("time.range", "instant is not a finite date-time");
  const boost::posix_time::time_duration d = p - epoch_;
  // Boost stores durations as int64 microseconds, our tick exactly.
  static_assert(boost::posix_time::time_duration::ticks_per_second() == kTicksPerSecond);
  return d.ticks();
}

boost::posix_time::ptime Calendar::to_ptime(Tick t) const { return epoch_ + boost::posix_time::microseconds(t); }

Tick Calendar::parse(std::string_view iso) const { return from_ptime(detail::parse_ptime(iso)); }

std::string Calendar::format(Tick t) const {
  const auto p = to_ptime(t);
  const auto date = p.date();
  const auto tod = p.time_of_day();
  std::string out = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", int(date.year()), int(date.month()),
                                int(date.day()), tod.hours(), tod.minutes(), tod.seconds());
  if (const auto frac = tod.fractional_seconds(); frac != 0) out += fmt::format(".{:06d}", frac);
  return out;
}

std::string Calendar::format_seconds(Tick t) const {
  const Tick rem = t % kTicksPerSecond;  // in (-1 s, 1 s), the sign of t
  return format(rem > 0 ? t - rem + kTicksPerSecond : t - rem);
}

std::string Calendar::format_date(Tick t) const {
  const auto date = to_ptime(t).date();
  return fmt::format("{:04d}-{:02d}-{:02d}", int(date.year()), int(date.month()), int(date.day()));
}

}  // namespace gwsim

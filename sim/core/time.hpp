// gwsim/sim/core/time.hpp -- integer simulation time and calendar conversion.
//
// The tick is one microsecond, held in a signed 64-bit integer:
//  * range: +/-2^63 us is about +/-292,000 years, so a century of buildout
//    (about 3.2e15 us) uses under 0.04% of it and sums of durations cannot
//    overflow in practice;
//  * resolution: job events at second or minute level are exact, and
//    continuous-time draws (e.g. PHOLD's exponential increments with mean 1)
//    are quantised at one part in a million of their mean, far below any
//    modelled effect.
// Integer time makes event ordering exact and ties deterministic: two events
// at the same tick are ordered by insertion sequence, never by rounding.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <boost/date_time/posix_time/ptime.hpp>

namespace gwsim {

using Tick = std::int64_t;

inline constexpr Tick kTicksPerSecond = 1'000'000;
inline constexpr Tick kTicksPerMinute = 60 * kTicksPerSecond;
inline constexpr Tick kTicksPerHour = 60 * kTicksPerMinute;
inline constexpr Tick kTicksPerDay = 24 * kTicksPerHour;

// The latest instant models schedule at: a later one (a slip of centuries)
// is clamped here, far beyond any horizon, so that it never happens.
inline constexpr Tick kFarFuture = std::numeric_limits<Tick>::max() / 2;
constexpr Tick clamp_to_future(Tick t) { return t < 0 ? 0 : t > kFarFuture ? kFarFuture : t; }

constexpr Tick seconds(std::int64_t s) { return s * kTicksPerSecond; }
constexpr Tick minutes(std::int64_t m) { return m * kTicksPerMinute; }
constexpr Tick hours(std::int64_t h) { return h * kTicksPerHour; }
constexpr Tick days(std::int64_t d) { return d * kTicksPerDay; }

// Converts a duration in (possibly fractional) time units to ticks, rounding
// to nearest; throws Error("time.range") when the value is not finite or does
// not fit in a Tick.
Tick ticks_from_seconds(double s);
Tick ticks_from_hours(double h);
Tick ticks_from_days(double d);

constexpr double to_seconds(Tick t) { return static_cast<double>(t) / kTicksPerSecond; }
constexpr double to_hours(Tick t) { return static_cast<double>(t) / kTicksPerHour; }
constexpr double to_days(Tick t) { return static_cast<double>(t) / kTicksPerDay; }

// Maps simulation time to UTC calendar time. Tick 0 is the epoch; ticks may
// be negative (before the epoch). Dates are read and written as ISO 8601:
// "2026-12-31" (midnight UTC) or "2026-12-31T06:30:00" (optionally with
// fractional seconds, up to microseconds, and a trailing "Z").
// Built on Boost.Date_Time (proleptic Gregorian calendar, no leap seconds).
class Calendar {
 public:
  // Throws Error("time.format") if `epoch_iso` is not an ISO 8601 date/time.
  explicit Calendar(std::string_view epoch_iso);
  explicit Calendar(boost::posix_time::ptime epoch);

  // ISO 8601 date or date-time to ticks since the epoch.
  // Throws Error("time.format") on malformed text, Error("time.range") if the
  // instant is outside what a Tick can hold.
  Tick parse(std::string_view iso) const;

  // Ticks to "YYYY-MM-DDTHH:MM:SS" with ".ffffff" appended only when the
  // instant is not a whole second.
  std::string format(Tick t) const;
  // Ticks to "YYYY-MM-DDTHH:MM:SS" at the first whole second at or after the
  // instant: what summaries report (a milestone printed as reached at a time
  // holds at that time; microseconds would be spurious precision).
  std::string format_seconds(Tick t) const;
  // Ticks to the calendar date "YYYY-MM-DD" (the day the instant falls in).
  std::string format_date(Tick t) const;

  boost::posix_time::ptime to_ptime(Tick t) const;
  Tick from_ptime(boost::posix_time::ptime p) const;

  const boost::posix_time::ptime& epoch() const { return epoch_; }

 private:
  boost::posix_time::ptime epoch_;
};

}  // namespace gwsim

#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/time.hpp"

using gwsim::Calendar;
using gwsim::Tick;

namespace {
std::string code_of_parse(const Calendar& cal, const std::string& s) {
  try {
    (void)cal.parse(s);
  } catch (const gwsim::Error& e) {
    return e.code();
  }
  return "none";
}
}  // namespace

TEST_CASE("tick is one microsecond and unit helpers agree", "[time]") {
  REQUIRE(gwsim::seconds(1) == 1'000'000);
  REQUIRE(gwsim::hours(1) == 3'600'000'000);
  REQUIRE(gwsim::days(365) == 31'536'000'000'000);
  REQUIRE(gwsim::to_hours(gwsim::days(2)) == 48.0);
  REQUIRE(gwsim::ticks_from_hours(1.5) == gwsim::minutes(90));
  REQUIRE(gwsim::ticks_from_seconds(0.9999994) == 999'999);  // rounds to nearest
  // ten thousand years of microseconds fit with room to spare
  REQUIRE(gwsim::ticks_from_days(365.25 * 10'000) > 0);
  REQUIRE_THROWS_AS(gwsim::ticks_from_days(1e300), gwsim::Error);
  REQUIRE_THROWS_AS(gwsim::ticks_from_hours(std::numeric_limits<double>::quiet_NaN()), gwsim::Error);
}

TEST_CASE("calendar parses ISO 8601 dates and date-times", "[time]") {
  const Calendar cal("2026-01-01");
  REQUIRE(cal.parse("2026-01-01") == 0);
  REQUIRE(cal.parse("2026-01-02") == gwsim::days(1));
  REQUIRE(cal.parse("2025-12-31") == -gwsim::days(1));
  REQUIRE(cal.parse("2026-12-31") == gwsim::days(364));
  REQUIRE(cal.parse("2028-03-01") - cal.parse("2028-02-28") == gwsim::days(2));  // leap year
  REQUIRE(cal.parse("2026-01-01T06:30:00") == gwsim::hours(6) + gwsim::minutes(30));
  REQUIRE(cal.parse("2026-01-01T00:00:01Z") == gwsim::seconds(1));
  REQUIRE(cal.parse("2026-01-01T00:00:00.25") == 250'000);
  REQUIRE(cal.parse("2026-01-01T00:00:00.000001") == 1);
}

TEST_CASE("calendar round-trips ticks and text", "[time]") {
  const Calendar cal("2025-11-03T00:00:00");
  for (const char* s : {"2025-11-03T00:00:00", "2026-12-31T23:59:59", "2030-02-28T12:00:00.000001",
                        "2024-02-29T01:02:03.5", "2100-01-01T00:00:00"}) {
    const Tick t = cal.parse(s);
    REQUIRE(cal.parse(cal.format(t)) == t);
  }
  REQUIRE(cal.format(cal.parse("2024-02-29T01:02:03.5")) == "2024-02-29T01:02:03.500000");
  REQUIRE(cal.format(gwsim::days(58)) == "2025-12-31T00:00:00");
  REQUIRE(cal.format_date(gwsim::days(58) + gwsim::hours(23)) == "2025-12-31");
  for (Tick t : {Tick{0}, Tick{1}, gwsim::days(1000) + 123'456, -gwsim::days(400) - 7}) {
    REQUIRE(cal.parse(cal.format(t)) == t);
  }
}

TEST_CASE("malformed dates are errors with code time.format", "[time]") {
  const Calendar cal("2026-01-01");
  for (const char* bad : {"",
                          "2026",
                          "2026-1-01",
                          "2026-01-1",
                          "2026/01/01",
                          "2026-02-30",
                          "2026-13-01",
                          "2026-01-01T",
                          "2026-01-01T24:00:00",
                          "2026-01-01T12:60:00",
                          "2026-01-01 12:00:00",
                          "2026-01-01T12:00:00.",
                          "2026-01-01T12:00:00.1234567",
                          "2026-01-01T12:00:00+01:00",
                          "tomorrow",
                          "2026-01-01x",
                          "2026-01-01Z",  // a Z belongs to a time, not to a date
                          "2026-1-011",
                          "2026x01-01",
                          "2026-01x01",
                          "2026-0a-01"}) {  // each character checked
    INFO(bad);
    REQUIRE(code_of_parse(cal, bad) == "time.format");
  }
  REQUIRE_THROWS_AS(Calendar("not-a-date"), gwsim::Error);
}

TEST_CASE("format_seconds gives the first whole second at or after the instant", "[time]") {
  const Calendar cal("2026-01-01");
  REQUIRE(cal.format_seconds(0) == "2026-01-01T00:00:00");
  REQUIRE(cal.format_seconds(1) == "2026-01-01T00:00:01");  // one microsecond past midnight
  REQUIRE(cal.format_seconds(gwsim::seconds(59)) == "2026-01-01T00:00:59");
  REQUIRE(cal.format_seconds(gwsim::seconds(59) + 999'999) == "2026-01-01T00:01:00");
  REQUIRE(cal.format_seconds(gwsim::days(1) - 1) == "2026-01-02T00:00:00");
  // before the epoch: rounding up moves toward the epoch
  REQUIRE(cal.format_seconds(-1) == "2026-01-01T00:00:00");
  REQUIRE(cal.format_seconds(-gwsim::seconds(1) - 1) == "2025-12-31T23:59:59");
}

TEST_CASE("rule: a duration converts to ticks only if it fits; 2^63 ticks does not (docs/engine.md)", "[time][rule]") {
  // The largest tick is 2^63 - 1: a duration of exactly 2^63 microseconds (about 292,471 years)
  // overflows and is an error, as is its negative beyond -2^63; the double just below 2^63 fits.
  const double limit = 0x1p63;                            // 9,223,372,036,854,775,808
  REQUIRE(std::nearbyint((limit / 1e6) * 1e6) == limit);  // the seconds below map to exactly 2^63 ticks
  REQUIRE_THROWS_AS(gwsim::ticks_from_seconds(limit / 1e6), gwsim::Error);
  REQUIRE_THROWS_AS(gwsim::ticks_from_seconds(-limit / 1e6 * 1.0000001), gwsim::Error);
  const double below = std::nextafter(limit / 1e6, 0.0);  // the largest double of seconds below
  REQUIRE(std::nearbyint(below * 1e6) < limit);
  REQUIRE(gwsim::ticks_from_seconds(below) > std::numeric_limits<Tick>::max() - gwsim::seconds(1));
  REQUIRE(gwsim::ticks_from_seconds(-limit / 1e6) == std::numeric_limits<Tick>::min());  // -2^63 fits
}

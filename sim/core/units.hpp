// gwsim/sim/core/units.hpp -- named unit conversions, so that no model writes
// a bare 1e12 or 24.0.
//
// Power is accounted in integer microwatts (uW): sums are exact and never
// drift; 1 TW (the loader's limit on a scenario's total) is 1e18 uW, inside
// int64. Fields holding microwatts end in `_uw`.
#pragma once

#include <cmath>
#include <cstdint>

namespace gwsim::units {

inline constexpr std::int64_t kMicrowattsPerMw = 1'000'000'000'000;
inline constexpr double kMicrowattsPerKw = 1e9;
inline constexpr double kHoursPerDay = 24.0;
inline constexpr double kHoursPerWeek = 168.0;
inline constexpr double kDaysPerYear = 365.25;  // Julian year: contract terms

// MW (double) to microwatts, rounded to the nearest.
inline std::int64_t mw_to_uw(double mw) { return std::llround(mw * static_cast<double>(kMicrowattsPerMw)); }
// kW (double) to microwatts, rounded to the nearest.
inline std::int64_t kw_to_uw(double kw) { return std::llround(kw * kMicrowattsPerKw); }
// Microwatts to MW.
inline double uw_to_mw(std::int64_t uw) { return static_cast<double>(uw) / static_cast<double>(kMicrowattsPerMw); }
inline double uw_to_mw(double uw) { return uw / static_cast<double>(kMicrowattsPerMw); }

}  // namespace gwsim::units

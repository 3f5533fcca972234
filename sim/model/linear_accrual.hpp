// gwsim/sim/model/linear_accrual.hpp -- amounts that accrue linearly in time
// (docs/money.md): a lump at an instant, a total spread evenly over an
// interval, or a rate from an instant on. advance(now) moves the accrued sum
// and its time integral forward exactly (piecewise linear and piecewise
// quadratic), event by event in time order; no scan over the amounts.
//
//   LinearAccrual a;
//   a.add(days(0), days(10), 100.0);  // 10 USD a day for ten days
//   a.advance(days(4));               // a.accrued() == 40
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include "core/time.hpp"

namespace gwsim {

class LinearAccrual {
 public:
  // `total` accrues evenly over [from, to]; from == to: a lump at `from`. An
  // interval that started before the last advance() accrues its past part at once.
  void add(Tick from, Tick to, double total);
  // `per_hour` more from `from` on, for ever (negative: less).
  void add_rate(Tick from, double per_hour);
  // `per_hour` more over [from, to) only (negative: less; e.g. the remaining
  // part of an add() that stops early: the same rate, so it cancels exactly).
  void add_rate(Tick from, Tick to, double per_hour);
  // Accrues every amount up to `now` (>= the last call).
  void advance(Tick now);

  double accrued() const { return accrued_; }
  // The integral of accrued() over time since 0, in amount x hours.
  double integral_hours() const { return integral_hours_; }
  // The rate now, per hour.
  double rate_per_hour() const { return rate_per_hour_; }

 private:
  struct Step {
    Tick at = 0;
    double rate_delta = 0;  // per hour
    double lump = 0;
    bool operator>(const Step& o) const { return at > o.at; }
  };
  void add_rate_or_lump(Tick at, double rate_delta, double lump);
  void move_to(Tick t);

  std::priority_queue<Step, std::vector<Step>, std::greater<>> steps_;
  Tick now_ = 0;
  double accrued_ = 0, integral_hours_ = 0, rate_per_hour_ = 0;
};

}  // namespace gwsim

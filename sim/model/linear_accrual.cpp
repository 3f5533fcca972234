#include "model/linear_accrual.hpp"

namespace gwsim {

void LinearAccrual::add(Tick from, Tick to, double total) {
  if (to <= from) {
    add_rate_or_lump(from, 0, total);
    return;
  }
  const double per_hour = total / to_hours(to - from);
  add_rate_or_lump(from, per_hour, 0);
  add_rate_or_lump(to, -per_hour, 0);
}

void LinearAccrual::add_rate(Tick from, double per_hour) { add_rate_or_lump(from, per_hour, 0); }

void LinearAccrual::add_rate(Tick from, Tick to, double per_hour) {
  if (to <= from) return;
  add_rate_or_lump(from, per_hour, 0);
  add_rate_or_lump(to, -per_hour, 0);
}

// A step in the past is applied now: its rate, and what it would have accrued since.
void LinearAccrual::add_rate_or_lump(Tick at, double rate_delta, double lump) {
  if (at >= now_) {
    steps_.push(Step{at, rate_delta, lump});
    return;
  }
  accrued_ += lump + rate_delta * to_hours(now_ - at);
  rate_per_hour_ += rate_delta;
}

void LinearAccrual::advance(Tick now) {
  while (!steps_.empty() && steps_.top().at <= now) {
    const Step e = steps_.top();
    steps_.pop();
    move_to(e.at);
    accrued_ += e.lump;
    rate_per_hour_ += e.rate_delta;
  }
  move_to(now);
}

void LinearAccrual::move_to(Tick t) {
  if (t <= now_) return;
  const double h = to_hours(t - now_);
  integral_hours_ += accrued_ * h + 0.5 * rate_per_hour_ * h * h;
  accrued_ += rate_per_hour_ * h;
  now_ = t;
}

}  // namespace gwsim

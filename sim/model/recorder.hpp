// gwsim/sim/model/recorder.hpp -- the daily time series, filled from the
// values that components bind to the output contract's columns.
//
//   Recorder rec;
//   rec.use(buildout_columns());                 // a table of the contract
//   rec.bind(columns::gpus_in_service, [&] { return double(up_gpus); });
//   rec.before_row([&](Tick now) { contracts.accrue(now); });
//   ...
//   rec.sample(day_start, now);                  // once per day
//
// Columns appear in the order of the tables used, then of each table; every
// column of a table used must be bound before the first row (an unbound one
// throws Error("model.column"), as does binding a column of no table used).
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "core/time.hpp"
#include "model/columns.hpp"
#include "model/timeseries.hpp"

namespace gwsim {

class Recorder {
 public:
  using Value = std::function<double()>;

  // A value that reads an integer counter (kept by reference).
  template <class T>
  static Value count(const T& n) {
    return [&n] { return static_cast<double>(n); };
  }

  // Adds a table of the contract (buildout_columns(), jobs_columns()).
  void use(std::span<const ColumnSpec* const> table);
  // Binds the value of column `c` (a column of a table used).
  void bind(const ColumnSpec& c, Value value);
  // Runs before each row is read (e.g. accruals up to `now`).
  void before_row(std::function<void(Tick now)> hook);

  // Appends the row for `row_time`, read at `now`.
  void sample(Tick row_time, Tick now);
  const Timeseries& timeseries() const { return ts_; }

 private:
  void lay_out();

  struct Slot {
    const ColumnSpec* spec;
    Value value;
  };
  std::vector<Slot> slots_;  // in output order once laid out
  std::vector<std::function<void(Tick)>> hooks_;
  bool laid_out_ = false;
  Timeseries ts_;
};

}  // namespace gwsim

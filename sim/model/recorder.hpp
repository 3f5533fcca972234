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
//
// Per-site columns (site_columns(): each site's share of a fleet column) are
// bound the same way, with one value per site:
//
//   rec.use_sites(site_columns(), sites);
//   rec.bind_sites(columns::gpus_in_service, Recorder::per_site(site_up, [](std::int64_t n) { return n; }));
//   rec.record_sites();                          // only then are they kept
//
// They are always bound (and checked), but kept only after record_sites():
// they cost columns x sites values a day, which a run that does not read
// them (the CLI, Monte Carlo) need not pay.
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

  // Fills out[site] for each site.
  using SiteValues = std::function<void(std::span<double> out)>;

  // A per-site value that reads f(v[site]) (v kept by reference, one element per site).
  template <class V, class F>
  static SiteValues per_site(const std::vector<V>& v, F f) {
    return [&v, f](std::span<double> out) {
      for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<double>(f(v[i]));
    };
  }

  // Adds a table of the contract (buildout_columns(), jobs_columns()).
  void use(std::span<const ColumnSpec* const> table);
  // Binds the value of column `c` (a column of a table used).
  void bind(const ColumnSpec& c, Value value);
  // Adds a table of per-site columns (site_columns()) for `sites` sites.
  void use_sites(std::span<const ColumnSpec* const> table, std::size_t sites);
  // Binds the per-site values of column `c` (a column of a per-site table used).
  void bind_sites(const ColumnSpec& c, SiteValues fill);
  // Keeps the per-site columns in the time series too (before the first row).
  void record_sites();
  // The rows to make room for when the columns are laid out (a run's days).
  void expect_rows(std::size_t rows) { expected_rows_ = rows; }
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
  struct SiteSlot {
    const ColumnSpec* spec;
    SiteValues fill;
  };
  std::vector<Slot> slots_;  // in output order once laid out
  std::vector<SiteSlot> site_slots_;
  std::size_t sites_ = 0, expected_rows_ = 0;
  std::vector<std::function<void(Tick)>> hooks_;
  bool laid_out_ = false, record_sites_ = false;
  Timeseries ts_;
};

}  // namespace gwsim

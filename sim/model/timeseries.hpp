// gwsim/sim/model/timeseries.hpp -- named numeric columns sampled over time,
// filled by models (which never print) and written by the CLI or handed to
// Python as arrays. Besides the fleet's columns (one value per row), a
// Timeseries may hold per-site columns (one value per site per row), kept
// row-major: a row's values are contiguous, a column is a (rows x sites)
// matrix.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace gwsim {

class Timeseries {
 public:
  struct Column {
    std::string name;
    bool integer = false;  // written without a fractional part
    std::vector<double> values;
  };

  // A column with one value per site per row: values[row * sites() + site].
  struct SiteColumn {
    std::string name;
    bool integer = false;
    std::vector<double> values;
  };

  // Declares a column; returns its index. All columns must be declared
  // before the first row.
  std::size_t add_column(std::string name, bool integer);
  // Declares a per-site column for `sites` sites (the same for every one);
  // returns its index. Before the first row.
  std::size_t add_site_column(std::string name, bool integer, std::size_t sites);

  // Makes room for `rows` rows in every column declared (no reallocation before then).
  void reserve(std::size_t rows);

  // Starts a row at time `t`; then set() each column of that row, and fill
  // site_row() of each per-site column.
  void begin_row(Tick t);
  void set(std::size_t column, double value) { columns_[column].values.back() = value; }
  std::span<double> site_row(std::size_t column) {
    std::vector<double>& v = site_columns_[column].values;
    return {v.data() + (v.size() - sites_), sites_};
  }

  std::size_t rows() const { return times_.size(); }
  const std::vector<Tick>& times() const { return times_; }
  const std::vector<Column>& columns() const { return columns_; }
  // Index of the column `name`; throws Error("timeseries.column") if absent.
  std::size_t index(const std::string& name) const;
  const std::vector<double>& column(const std::string& name) const { return columns_[index(name)].values; }

  // The per-site columns (none unless declared), and the sites they hold.
  const std::vector<SiteColumn>& site_columns() const { return site_columns_; }
  std::size_t sites() const { return sites_; }
  // Per-site column `name` (rows x sites); throws Error("timeseries.column") if absent.
  const std::vector<double>& site_column(const std::string& name) const;

 private:
  std::vector<Tick> times_;
  std::vector<Column> columns_;
  std::vector<SiteColumn> site_columns_;
  std::size_t sites_ = 0;
};

}  // namespace gwsim

// gwsim/sim/model/timeseries.hpp -- named numeric columns sampled over time,
// filled by models (which never print) and written by the CLI or handed to
// Python as arrays.
#pragma once

#include <cstddef>
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

  // Declares a column; returns its index. All columns must be declared
  // before the first row.
  std::size_t add_column(std::string name, bool integer);

  // Starts a row at time `t`; then set() each column of that row.
  void begin_row(Tick t);
  void set(std::size_t column, double value) { columns_[column].values.back() = value; }

  std::size_t rows() const { return times_.size(); }
  const std::vector<Tick>& times() const { return times_; }
  const std::vector<Column>& columns() const { return columns_; }
  // Index of the column `name`; throws Error("timeseries.column") if absent.
  std::size_t index(const std::string& name) const;
  const std::vector<double>& column(const std::string& name) const { return columns_[index(name)].values; }

 private:
  std::vector<Tick> times_;
  std::vector<Column> columns_;
};

}  // namespace gwsim

#include "model/timeseries.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace gwsim {

std::size_t Timeseries::add_column(std::string name, bool integer) {
  if (!times_.empty()) throw Error("timeseries.column", "columns must be declared before the first row");
  columns_.push_back(Column{std::move(name), integer, {}});
  return columns_.size() - 1;
}

void Timeseries::begin_row(Tick t) {
  times_.push_back(t);
  for (Column& c : columns_) c.values.push_back(0.0);
}

std::size_t Timeseries::index(const std::string& name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].name == name) return i;
  throw Error("timeseries.column", fmt::format("no column named '{}'", name));
}

}  // namespace gwsim

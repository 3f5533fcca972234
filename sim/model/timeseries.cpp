#include "model/timeseries.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace gwsim {

std::size_t Timeseries::add_column(std::string name, bool integer) {
  if (!times_.empty()) throw Error("timeseries.column", "columns must be declared before the first row");
  columns_.push_back(Column{std::move(name), integer, {}});
  return columns_.size() - 1;
}

std::size_t Timeseries::add_site_column(std::string name, bool integer, std::size_t sites) {
  if (!times_.empty()) throw Error("timeseries.column", "columns must be declared before the first row");
  if (!site_columns_.empty() && sites != sites_)
    throw Error("timeseries.column", fmt::format("per-site column '{}' for {} sites, not {}", name, sites, sites_));
  sites_ = sites;
  site_columns_.push_back(SiteColumn{std::move(name), integer, {}});
  return site_columns_.size() - 1;
}

void Timeseries::reserve(std::size_t rows) {
  times_.reserve(rows);
  for (Column& c : columns_) c.values.reserve(rows);
  for (SiteColumn& c : site_columns_) c.values.reserve(rows * sites_);
}

void Timeseries::begin_row(Tick t) {
  times_.push_back(t);
  for (Column& c : columns_) c.values.push_back(0.0);
  for (SiteColumn& c : site_columns_) c.values.resize(c.values.size() + sites_);
}

std::size_t Timeseries::index(const std::string& name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].name == name) return i;
  throw Error("timeseries.column", fmt::format("no column named '{}'", name));
}

const std::vector<double>& Timeseries::site_column(const std::string& name) const {
  for (const SiteColumn& c : site_columns_)
    if (c.name == name) return c.values;
  throw Error("timeseries.column", fmt::format("no per-site column named '{}'", name));
}

}  // namespace gwsim

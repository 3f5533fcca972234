#include "model/recorder.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "core/error.hpp"

namespace gwsim {

void Recorder::use(std::span<const ColumnSpec* const> table) {
  if (laid_out_) throw Error("model.column", "a table of columns added after the first row");
  for (const ColumnSpec* c : table) slots_.push_back(Slot{c, {}});
}

void Recorder::bind(const ColumnSpec& c, Value value) {
  auto it = std::find_if(slots_.begin(), slots_.end(), [&](const Slot& s) { return s.spec == &c; });
  if (it == slots_.end())
    throw Error("model.column", "column '" + std::string(c.name) + "' is in no table the recorder uses");
  if (it->value) throw Error("model.column", "column '" + std::string(c.name) + "' is bound twice");
  it->value = std::move(value);
}

void Recorder::use_sites(std::span<const ColumnSpec* const> table, std::size_t sites) {
  if (laid_out_) throw Error("model.column", "a table of per-site columns added after the first row");
  if (!site_slots_.empty() && sites != sites_)
    throw Error("model.column",
                "per-site tables for " + std::to_string(sites_) + " and " + std::to_string(sites) + " sites");
  sites_ = sites;
  for (const ColumnSpec* c : table) site_slots_.push_back(SiteSlot{c, {}});
}

void Recorder::bind_sites(const ColumnSpec& c, SiteValues fill) {
  auto it = std::find_if(site_slots_.begin(), site_slots_.end(), [&](const SiteSlot& s) { return s.spec == &c; });
  if (it == site_slots_.end())
    throw Error("model.column", "column '" + std::string(c.name) + "' is in no per-site table the recorder uses");
  if (it->fill) throw Error("model.column", "per-site column '" + std::string(c.name) + "' is bound twice");
  it->fill = std::move(fill);
}

void Recorder::record_sites() {
  if (laid_out_) throw Error("model.column", "per-site columns asked for after the first row");
  record_sites_ = true;
}

void Recorder::before_row(std::function<void(Tick)> hook) { hooks_.push_back(std::move(hook)); }

void Recorder::lay_out() {
  for (const Slot& s : slots_) {
    if (!s.value) throw Error("model.column", "column '" + std::string(s.spec->name) + "' has no value bound");
    ts_.add_column(std::string(s.spec->name), s.spec->integer);
  }
  for (const SiteSlot& s : site_slots_) {
    if (!s.fill) throw Error("model.column", "per-site column '" + std::string(s.spec->name) + "' has no value bound");
    if (record_sites_) ts_.add_site_column(std::string(s.spec->name), s.spec->integer, sites_);
  }
  ts_.reserve(expected_rows_);
  laid_out_ = true;
}

void Recorder::sample(Tick row_time, Tick now) {
  if (!laid_out_) lay_out();
  for (auto& hook : hooks_) hook(now);
  ts_.begin_row(row_time);
  for (std::size_t c = 0; c < slots_.size(); ++c) ts_.set(c, slots_[c].value());
  if (record_sites_)
    for (std::size_t c = 0; c < site_slots_.size(); ++c) site_slots_[c].fill(ts_.site_row(c));
}

}  // namespace gwsim

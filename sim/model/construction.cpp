#include "model/construction.hpp"

#include <algorithm>
#include <utility>

#include "core/distribution.hpp"
#include "model/columns.hpp"

namespace gwsim {

BuildingConstruction::BuildingConstruction(Engine& eng, const Scenario& s, const RandomStreams& streams, Hooks hooks)
    : eng_(eng),
      s_(s),
      hooks_(std::move(hooks)),
      on_start_(*this, eng),
      on_shell_(*this, eng),
      on_fitout_(*this, eng),
      on_ready_(*this, eng) {
  if (used(s)) rng_.emplace(streams.stream("construction"));
}

bool BuildingConstruction::used(const Scenario& s) {
  return std::any_of(s.sites.begin(), s.sites.end(), [](const Site& site) {
    return std::any_of(site.buildings.begin(), site.buildings.end(),
                       [](const Building& b) { return b.construction.has_value(); });
  });
}

void BuildingConstruction::add_site(std::uint32_t si) {
  const Site& spec = s_.sites[si];
  SiteBuilds site;
  site.first = static_cast<std::uint32_t>(builds_.size());
  site.crews_free = spec.construction_crews;
  sites_.push_back(std::move(site));
  for (std::size_t k = 0; k < spec.buildings.size(); ++k) {
    Build b;
    b.site = si;
    b.local = static_cast<std::uint32_t>(k);
    const std::optional<Construction>& c = spec.buildings[k].construction;
    if (c) {
      RandomEngine& rng = *rng_;
      b.shell = ticks_from_days(sample(c->shell_days, rng));
      b.fitout = ticks_from_days(sample(c->fitout_days, rng));
      b.commissioning = ticks_from_days(sample(c->commissioning_days, rng));
      if (c->slip_days) b.slip = ticks_from_days(sample(*c->slip_days, rng));
    }
    builds_.push_back(b);
    if (c) eng_.schedule_at(c->start, on_start_.id(), builds_.size() - 1);
  }
}

std::optional<Tick> BuildingConstruction::shell_start(std::uint32_t si, std::uint32_t k) const {
  return builds_[sites_[si].first + k].shell_start;
}

std::optional<Tick> BuildingConstruction::ready_at(std::uint32_t si, std::uint32_t k) const {
  return builds_[sites_[si].first + k].ready_at;
}

void BuildingConstruction::start(std::uint64_t b) {
  SiteBuilds& site = sites_[builds_[b].site];
  ++under_construction_;
  if (site.under_construction++ == 0 && hooks_.site_under_construction)
    hooks_.site_under_construction(builds_[b].site, true);
  if (s_.sites[builds_[b].site].construction_crews == 0) {
    begin_shell(static_cast<std::uint32_t>(b));
  } else if (site.crews_free > 0) {
    --site.crews_free;
    begin_shell(static_cast<std::uint32_t>(b));
  } else {
    site.waiting.push_back(static_cast<std::uint32_t>(b));
  }
}

void BuildingConstruction::begin_shell(std::uint32_t b) {
  Build& build = builds_[b];
  build.shell_start = eng_.now();
  const Tick shell_end = clamp_to_future(eng_.now() + build.shell);
  eng_.schedule_at(shell_end, on_shell_.id(), b);
  if (on_shell_start_) {
    const Tick fitout_end = clamp_to_future(shell_end + build.fitout);
    on_shell_start_(build.site, build.local, fitout_end, ready_after(build, fitout_end));
  }
}

Tick BuildingConstruction::ready_after(const Build& b, Tick fitout_end) const {
  const Tick floor = s_.sites[b.site].buildings[b.local].ready;
  return std::max({floor, fitout_end, clamp_to_future(fitout_end + b.commissioning + b.slip)});
}

void BuildingConstruction::shell_done(std::uint64_t b) {
  eng_.schedule_at(clamp_to_future(eng_.now() + builds_[b].fitout), on_fitout_.id(), b);
}

// The crew goes to the next building waiting, if any; commissioning needs none.
void BuildingConstruction::fitout_done(std::uint64_t b) {
  const Build& build = builds_[b];
  SiteBuilds& site = sites_[build.site];
  if (s_.sites[build.site].construction_crews > 0) {
    if (site.waiting.empty()) {
      ++site.crews_free;
    } else {
      const std::uint32_t next = site.waiting.front();
      site.waiting.pop_front();
      begin_shell(next);
    }
  }
  eng_.schedule_at(ready_after(build, eng_.now()), on_ready_.id(), b);
}

void BuildingConstruction::ready(std::uint64_t b) {
  Build& build = builds_[b];
  build.ready_at = eng_.now();
  --under_construction_;
  if (--sites_[build.site].under_construction == 0 && hooks_.site_under_construction)
    hooks_.site_under_construction(build.site, false);
  if (hooks_.ready) hooks_.ready(build.site, build.local);
}

void BuildingConstruction::bind_columns(Recorder& rec) {
  rec.bind(columns::buildings_under_construction, Recorder::count(under_construction_));
  rec.bind_sites(columns::buildings_under_construction,
                 Recorder::per_site(sites_, [](const SiteBuilds& b) { return b.under_construction; }));
}

}  // namespace gwsim

#include "model/curtailment.hpp"

#include <boost/random/exponential_distribution.hpp>

#include "core/distribution.hpp"
#include "core/units.hpp"

namespace gwsim {

namespace {
constexpr double kHoursPerYear = 365.25 * 24.0;
}  // namespace

bool CurtailmentWindows::used(const Scenario& s) {
  for (const Site& site : s.sites)
    if (site.curtailment) return true;
  return false;
}

CurtailmentWindows::CurtailmentWindows(Engine& eng, const Scenario& s, const RandomStreams& streams, SetCut set)
    : eng_(eng),
      s_(s),
      set_(std::move(set)),
      used_(used(s)),
      open_(s.sites.size(), 0),
      since_(s.sites.size(), 0),
      on_open_(*this, eng),
      on_close_(*this, eng) {
  if (!used_) return;
  RandomEngine rng = streams.stream("curtailment");  // drawn only when a site has curtailment
  const auto window = [&](std::uint32_t si, Tick start, double hours) {
    if (start > s.end || hours <= 0) return;
    const Tick from = clamp_to_future(start);
    const Tick to = clamp_to_future(start + std::max<Tick>(1, ticks_from_hours(hours)));
    if (to <= from) return;
    eng_.schedule_at(from, on_open_.id(), si);
    eng_.schedule_at(to, on_close_.id(), si);
  };
  for (std::uint32_t si = 0; si < s.sites.size(); ++si) {
    if (!s.sites[si].curtailment) continue;
    const gwsim::Curtailment& c = *s.sites[si].curtailment;
    for (std::size_t w = 0; w < c.starts.size(); ++w) window(si, c.starts[w], c.hours[w]);
    if (c.events_per_year <= 0) continue;
    boost::random::exponential_distribution<double> gap_hours(c.events_per_year / kHoursPerYear);
    for (Tick t = ticks_from_hours(gap_hours(rng)); t <= s.end; t += ticks_from_hours(gap_hours(rng)))
      window(si, t, gwsim::sample(c.event_hours, rng));
  }
}

void CurtailmentWindows::open(std::uint64_t si64) {
  const auto si = static_cast<std::uint32_t>(si64);
  if (open_[si]++ > 0) return;
  since_[si] = eng_.now();
  set_(si, units::mw_to_uw(s_.sites[si].curtailment->shed_mw));
}

void CurtailmentWindows::close(std::uint64_t si64) {
  const auto si = static_cast<std::uint32_t>(si64);
  if (--open_[si] > 0) return;
  closed_hours_ += to_hours(eng_.now() - since_[si]);
  set_(si, 0);
}

double CurtailmentWindows::curtailment_hours(Tick now) const {
  double out = closed_hours_;
  for (std::size_t si = 0; si < open_.size(); ++si)
    if (open_[si] > 0) out += to_hours(now - since_[si]);
  return out;
}

}  // namespace gwsim

#include "io/explain.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "model/capacity.hpp"    // racks_needed()
#include "model/milestones.hpp"  // metric_unit()

namespace gwsim {

namespace {

std::string racks(std::int64_t n) { return fmt::format("{} rack{}", count_text(n), n == 1 ? "" : "s"); }

// `a` and `b` in MW with the fewest decimals (1 to 6) that tell them apart:
// "energized 245.0 MW, needed 245.3 MW" rather than two equal roundings.
std::pair<std::string, std::string> distinct_mw(double a, double b) {
  int d = 1;
  while (d < 6 && fmt::format("{:.{}f}", a, d) == fmt::format("{:.{}f}", b, d)) ++d;
  return {fmt::format("{:.{}f} MW", a, d), fmt::format("{:.{}f} MW", b, d)};
}

std::string queued_line(const SiteShortfall& f, const std::string& site) {
  const std::string who =
      fmt::format("{} at site {} {}", racks(f.racks_queued), site, f.racks_queued == 1 ? "waits" : "wait");
  switch (f.queue_waits_for) {
    case InstallWait::power: {
      const auto [energized, needed] = distinct_mw(f.energized_mw, f.reserved_mw + f.next_rack_mw);
      return fmt::format("{} for power: energized {}, needed {} for the next rack ({} reserved by racks installed)",
                         who, energized, needed, fmt::format("{:.1f} MW", f.reserved_mw));
    }
    case InstallWait::slot:
      return fmt::format("{} for a rack slot: {} slots in buildings ready by the end, all used", who,
                         count_text(f.slots_ready));
    case InstallWait::crew: return fmt::format("{} for an install crew: all {} crews busy", who, count_text(f.crews));
    case InstallWait::none: break;
  }
  return fmt::format("{} in the install queue", who);
}

}  // namespace

std::string count_text(std::int64_t n) {
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::vector<std::string> shortfall_lines(const Scenario& s, const SiteShortfall& f, const Calendar& cal) {
  const std::string& site = s.sites[f.site].name;
  std::vector<std::string> out;
  if (f.racks_not_shipped > 0)
    out.push_back(fmt::format("{} at site {} not shipped by the end (the first ships {})", racks(f.racks_not_shipped),
                              site, f.next_ship ? cal.format_date(*f.next_ship) : "never"));
  if (f.racks_in_transit > 0)
    out.push_back(fmt::format("{} at site {} still in transit", racks(f.racks_in_transit), site));
  if (f.racks_queued > 0) out.push_back(queued_line(f, site));
  if (f.racks_installing > 0)
    out.push_back(fmt::format("{} at site {} being installed", racks(f.racks_installing), site));
  if (f.racks_in_burn_in > 0) out.push_back(fmt::format("{} at site {} in burn-in", racks(f.racks_in_burn_in), site));
  return out;
}

std::string not_reached_reason(const Scenario& s, const BuildoutSummary& sum, int percent, const Calendar& cal) {
  const std::int64_t needed = racks_needed(sum.racks_ordered, percent);
  std::string out =
      fmt::format("{} of the {} needed ({}% of {} ordered) are in service at the end", count_text(sum.racks_in_service),
                  racks(needed), percent, count_text(sum.racks_ordered));
  std::string sep = ": ";
  for (const SiteShortfall& f : sum.shortfall)
    for (const std::string& line : shortfall_lines(s, f, cal)) {
      out += sep + line;
      sep = "; ";
    }
  return out;
}

namespace {

// A largest_run_gpus milestone not reached: per site kept, whether one fabric
// domain can hold the target at all (racks_per_domain x the largest rack
// ordered there, or every GPU ordered there with one domain per site).
std::string largest_run_reason(const Scenario& s, const Milestone& m, const MilestoneOutcome& o) {
  std::string out = fmt::format("{} of the {} GPUs needed in one fabric domain at the end",
                                count_text(std::llround(o.value_at_end)), count_text(std::llround(o.target)));
  std::vector<std::string> lines;
  for (std::uint32_t si = 0; si < s.sites.size(); ++si) {
    if (!m.sites.empty() && std::find(m.sites.begin(), m.sites.end(), static_cast<int>(si)) == m.sites.end()) continue;
    std::int64_t largest_rack = 0, ordered = 0;
    for (const Order& ord : s.orders) {
      if (ord.site != static_cast<int>(si)) continue;
      const int per_rack = s.skus[static_cast<std::size_t>(ord.sku)].gpus_per_rack;
      largest_rack = std::max<std::int64_t>(largest_rack, per_rack);
      for (const Delivery& d : ord.deliveries) ordered += d.racks * per_rack;
    }
    const std::int64_t per_domain = s.sites[si].racks_per_domain;
    const std::int64_t cap = per_domain > 0 ? std::min(ordered, per_domain * largest_rack) : ordered;
    if (static_cast<double>(cap) < o.target)
      lines.push_back(fmt::format(
          "site {}: one domain holds at most {} GPUs ({})", s.sites[si].name, count_text(cap),
          per_domain > 0 ? fmt::format("{} racks per domain", per_domain) : std::string("all the GPUs ordered there")));
  }
  if (lines.size() == (m.sites.empty() ? s.sites.size() : m.sites.size()))
    return out + ": no site can reach it; " + fmt::format("{}", fmt::join(lines, "; "));
  return out +
         ": a domain large enough was not yet in service and healthy (racks not yet in service, GPUs down, "
         "racks beyond the cordon rule)";
}

}  // namespace

std::string milestone_reason(const Scenario& s, const BuildoutSummary& sum, std::size_t i, const Calendar& cal) {
  const Milestone& m = s.milestones.at(i);
  const MilestoneOutcome& o = sum.milestones.at(i);
  if (m.metric == MilestoneMetric::training_run) return "the training run had not finished by the end";
  if (m.metric == MilestoneMetric::largest_run_gpus) return largest_run_reason(s, m, o);
  const bool whole = m.metric == MilestoneMetric::gpus_in_service || m.metric == MilestoneMetric::racks_in_service;
  auto amount = [&](double v) {
    return whole ? count_text(static_cast<std::int64_t>(std::llround(v))) : fmt::format("{:.1f}", v);
  };
  std::string out =
      fmt::format("{} of the {} {} needed at the end", amount(o.value_at_end), amount(o.target), metric_unit(m.metric));
  auto counted = [&](std::uint32_t si) {
    return m.sites.empty() || std::find(m.sites.begin(), m.sites.end(), static_cast<int>(si)) != m.sites.end();
  };
  std::vector<std::string> lines;
  if (m.metric == MilestoneMetric::energized_mw) {
    for (std::uint32_t si = 0; si < s.sites.size(); ++si) {
      double planned = 0;
      for (const PowerStage& st : s.sites[si].power_stages) planned += st.power_mw;
      const double energized = si < sum.site_energized_mw.size() ? sum.site_energized_mw[si] : 0.0;
      if (counted(si) && energized < planned)
        lines.push_back(
            fmt::format("site {} energized {:.1f} MW of the {:.1f} MW planned (stages slipped past the end)",
                        s.sites[si].name, energized, planned));
    }
  } else {
    for (const SiteShortfall& f : sum.shortfall)
      if (counted(f.site))
        for (std::string& line : shortfall_lines(s, f, cal)) lines.push_back(std::move(line));
    if (lines.empty())
      lines.emplace_back(m.metric == MilestoneMetric::racks_in_service
                             ? "every rack it counts is in service: the target is more than was ordered"
                             : "every rack it counts is in service: the rest are GPUs down for repair at the end, "
                               "or the target is more than was ordered");
  }
  std::string sep = ": ";
  for (const std::string& line : lines) {
    out += sep + line;
    sep = "; ";
  }
  return out;
}

std::string training_reason(const TrainingSummary& t) {
  std::string needs = fmt::format("it needs {} GPUs at once; {} were up at the end where it may run",
                                  count_text(t.gpus), count_text(t.most_gpus_up_at_end));
  if (t.largest_domain_gpus_at_end >= 0)  // confined to one fabric domain (docs/jobs.md)
    needs += fmt::format(", but within one fabric domain, whose largest had {} healthy",
                         count_text(t.largest_domain_gpus_at_end));
  if (!t.started) return "never started: " + needs;
  const std::string done = fmt::format("{:.1f}% of its work done", 100 * t.work_done);
  if (t.running_at_end)
    return fmt::format("still running at the end, {}, after {} interruptions", done, count_text(t.interruptions));
  return fmt::format("waiting in the queue at the end after an interruption, {}: {}", done, needs);
}

nlohmann::json shortfall_json(const Scenario& s, const BuildoutSummary& sum, const Calendar& cal) {
  using nlohmann::json;
  static constexpr const char* kWaits[] = {nullptr, "power", "slot", "crew"};
  json out = json::array();
  for (const SiteShortfall& f : sum.shortfall) {
    const char* wait = kWaits[static_cast<int>(f.queue_waits_for)];
    json site{{"site", s.sites[f.site].name},
              {"racks", f.racks_not_in_service},
              {"not_shipped", f.racks_not_shipped},
              {"in_transit", f.racks_in_transit},
              {"queued", f.racks_queued},
              {"queue_waits_for", f.racks_queued > 0 && wait ? json(wait) : json(nullptr)},
              {"installing", f.racks_installing},
              {"in_burn_in", f.racks_in_burn_in},
              {"energized_mw", f.energized_mw},
              {"reserved_mw", f.reserved_mw},
              {"next_rack_mw", f.racks_queued > 0 ? json(f.next_rack_mw) : json(nullptr)},
              {"rack_slots_ready", f.slots_ready},
              {"rack_slots_used", f.slots_used},
              {"crews", f.crews},
              {"why", shortfall_lines(s, f, cal)}};
    out.push_back(std::move(site));
  }
  return out;
}

}  // namespace gwsim

#include "io/scenario_reader.hpp"

#include <limits>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <fmt/format.h>

#include "io/nearest.hpp"

namespace gwsim::detail {

Scenario ScenarioReader::read() {
  try {
    read_sections();
  } catch (const ScenarioError& e) {
    try {
      errors_.add(e);  // an error that stops reading: the last one
    } catch (const ErrorList::Full&) {
    }
  } catch (const ErrorList::Full&) {
  } catch (const ErrorList::Cascade&) {  // outside an attempt(): an error is already kept
  }
  errors_.raise_if_any();
  return std::move(s_);
}

// Each section, and each element of a list, is read on its own (ErrorList),
// so that one error does not hide the next.
void ScenarioReader::read_sections() {
  const Ptr root;
  if (!doc_.is_object()) r_.fail("scenario.type", root, fmt::format("expected an object, got {}", type_name(doc_)));
  for (const auto& item : doc_.items())  // each unknown key on its own
    errors_.attempt([&] {
      r_.object(
          json::object({{item.key(), nullptr}}), root,
          {"gwsim_scenario", "name",           "description", "extends",    "sources",      "start",     "end",
           "seed",           "catalog",        "sites",       "orders",     "costs",        "contracts", "failures",
           "lemon_policy",   "failure_replay", "workloads",   "milestones", "power_swings", "lifecycle"});
    });
  header(root);
  horizon(root);
  if (const json* seed = Reader::optional(doc_, "seed"))
    errors_.attempt([&] {
      s_.seed =
          static_cast<std::uint64_t>(r_.integer(*seed, root / "seed", 0, std::numeric_limits<std::int64_t>::max()));
    });
  catalog(root);
  sites(root);
  orders(root);
  if (const json* c = Reader::optional(doc_, "costs"))
    errors_.attempt([&] {
      r_.object(
          *c, root / "costs",
          {"energy_usd_per_mwh", "facility", "network_usd_per_gpu", "network_life_years", "land_usd_per_it_mw",
           "it_life_years", "staff_usd_per_mw_year", "maintenance_share_per_year", "cost_of_capital", "discount_rate"});
      if (Reader::optional(*c, "energy_usd_per_mwh") != nullptr)
        s_.energy_usd_per_mwh = r_.number(*c, root / "costs", "energy_usd_per_mwh", kNonNegative);
      costs(root);
    });
  contracts(root);
  if (errors_.empty()) errors_.attempt([&] { ownership(root); });  // costs_reader.cpp: after sites, orders, contracts
  if (const json* f = Reader::optional(doc_, "failures"))
    errors_.attempt([&] {
      r_.object(*f, root / "failures", {"enabled"});
      s_.failures_enabled = r_.boolean(r_.required(*f, root / "failures", "enabled"), root / "failures" / "enabled");
    });
  errors_.attempt([&] { lemon_policy(root); });
  errors_.attempt([&] { lifecycle(root); });                            // after the catalog, sites and orders
  if (errors_.empty()) errors_.attempt([&] { failure_replay(root); });  // after the sites and orders it names
  if (const json* w = Reader::optional(doc_, "workloads")) errors_.attempt([&] { workloads(*w, root / "workloads"); });
  errors_.attempt([&] { power_swings(root); });  // after the workloads it needs
  // after the orders and the training runs they refer to, and only when those were read without error
  if (errors_.empty()) errors_.attempt([&] { milestones(root); });
}

// The format version, the name, the description and the sources.
void ScenarioReader::header(const Ptr& root) {
  const json* version = Reader::optional(doc_, "gwsim_scenario");
  if (version == nullptr)
    r_.fail("scenario.version", root / "gwsim_scenario",
            "missing required key 'gwsim_scenario' (the format version, 1)");
  if (!version->is_number_integer() || version->get<std::int64_t>() != 1)
    r_.fail("scenario.version", root / "gwsim_scenario",
            fmt::format("unsupported format version {}; this gwsim reads version 1", show(*version)));
  s_.file = r_.file();
  errors_.attempt([&] { s_.name = r_.string(doc_, root, "name", true); });
  if (const json* d = Reader::optional(doc_, "description"))
    errors_.attempt([&] { s_.description = r_.string(*d, root / "description", false); });
  if (const json* src = Reader::optional(doc_, "sources"))
    errors_.attempt([&] {
      const json& a = r_.array(*src, root / "sources", 0);
      for (std::size_t i = 0; i < a.size(); ++i) s_.sources.push_back(r_.string(a[i], root / "sources" / i, true));
    });
}

void ScenarioReader::horizon(const Ptr& root) {
  s_.start_iso = r_.date_text(r_.required(doc_, root, "start"), root / "start");
  s_.end_iso = r_.date_text(r_.required(doc_, root, "end"), root / "end");
  cal_ = Calendar(s_.start_iso);
  s_.end = cal_.parse(s_.end_iso);
  if (s_.end <= 0)
    r_.fail("scenario.order", root / "end", fmt::format("end {} must be after start {}", s_.end_iso, s_.start_iso));
  const auto start_date = cal_.to_ptime(0).date();
  const Tick limit = cal_.from_ptime(boost::posix_time::ptime(start_date + boost::gregorian::years(kMaxYears)));
  if (s_.end > limit)
    r_.fail("scenario.horizon", root / "end",
            fmt::format("a horizon from {} to {} exceeds the limit of {} years", s_.start_iso, s_.end_iso, kMaxYears));
}

Tick ScenarioReader::date(const json& obj, const Ptr& p, const std::string& key) {
  const Ptr at = p / key;
  const std::string text = r_.date_text(r_.required(obj, p, key), at);
  const Tick t = cal_.parse(text);
  if (t < 0 || t > s_.end)
    r_.fail("scenario.horizon", at,
            fmt::format("date {} is outside the horizon [{}, {}]", text, s_.start_iso, s_.end_iso));
  return t;
}

Distribution ScenarioReader::distribution(const json& j, const Ptr& p, bool duration) {
  if (!j.is_object())
    r_.fail("scenario.type", p, fmt::format("expected a distribution object {{\"dist\": ...}}, got {}", type_name(j)));
  const std::string d = r_.string(r_.required(j, p, "dist"), p / "dist", true);
  if (d == "fixed") {
    r_.object(j, p, {"dist", "value"});
    return Fixed{r_.number(j, p, "value", duration ? kNonNegative : kAny)};
  }
  if (d == "exponential") {
    r_.object(j, p, {"dist", "mean"});
    return Exponential{r_.number(j, p, "mean", kPositive)};
  }
  if (d == "lognormal") {
    r_.object(j, p, {"dist", "median", "sigma"});
    const double median = r_.number(j, p, "median", kPositive);
    return Lognormal{median, r_.number(j, p, "sigma", Range{0.0, 10.0})};
  }
  if (d == "normal") {
    if (duration)
      r_.fail("scenario.range", p / "dist",
              "a normal law can go negative: use lognormal, exponential, uniform or fixed for durations");
    r_.object(j, p, {"dist", "mean", "sd"});
    const double m = r_.number(j, p, "mean", kAny);
    return Normal{m, r_.number(j, p, "sd", kNonNegative)};
  }
  if (d == "uniform") {
    r_.object(j, p, {"dist", "min", "max"});
    const double lo = r_.number(j, p, "min", duration ? kNonNegative : kAny);
    const double hi = r_.number(j, p, "max", kAny);
    if (hi < lo) r_.fail("scenario.order", p / "max", fmt::format("max {} is below min {}", hi, lo));
    return Uniform{lo, hi};
  }
  r_.fail("scenario.range", p / "dist",
          fmt::format("unknown distribution \"{}\" (expected fixed, exponential, lognormal, normal or uniform)", d));
}

int ScenarioReader::site_index(const std::string& name, const Ptr& at) const {
  auto it = site_index_.find(name);
  if (it != site_index_.end()) return it->second;
  if (sites_unnamed_) throw ErrorList::Cascade{};  // the site may be one whose name could not be read
  std::vector<std::string> names;
  for (const Site& s : s_.sites) names.push_back(s.name);
  r_.fail("scenario.reference", at, fmt::format("no site named \"{}\" ({})", name, known_names("site", name, names)));
}

}  // namespace gwsim::detail

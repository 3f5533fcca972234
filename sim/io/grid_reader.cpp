// sites[].grid and the supply-chain keys of sites[].power_stages[] (equipment,
// slip_days, grid): docs/power.md, "Grid interconnection and long-lead equipment".
#include <utility>

#include <fmt/format.h>

#include "io/scenario_reader.hpp"
#include "model/interconnect.hpp"

namespace gwsim::detail {

namespace {
// A grid request or an equipment order may predate the horizon (a 2026 scenario of a
// site requested in 2022), by up to this many years.
constexpr int kMaxYearsBefore = 30;
}  // namespace

void ScenarioReader::site_grid(const json& j, const Ptr& p, Site& s) {
  // obj[key]: a date from kMaxYearsBefore years before the start up to the end
  const auto past_date = [&](const json& obj, const Ptr& q, const std::string& key) {
    const std::string text = r_.date_text(r_.required(obj, q, key), q / key);
    const Tick t = cal_.parse(text);
    if (t < -days(366LL * kMaxYearsBefore) || t > s_.end)
      r_.fail(
          "scenario.horizon", q / key,
          fmt::format("date {} is outside [{} years before {}, {}]", text, kMaxYearsBefore, s_.start_iso, s_.end_iso));
    return t;
  };
  const auto law = [&](const json& obj, const Ptr& q, const std::string& key, double median) -> Distribution {
    if (const json* d = Reader::optional(obj, key)) return distribution(*d, q / key, true);
    return Lognormal{median, kDefaultPhaseSigma};
  };
  if (const json* g = Reader::optional(j, "grid")) {
    const Ptr gp = p / "grid";
    r_.object(*g, gp,
              {"request", "study_days", "agreement_days", "construction_days", "withdraw_prob", "downsize_prob",
               "downsize_fraction"});
    GridInterconnection gi;
    gi.request = past_date(*g, gp, "request");
    gi.study_days = law(*g, gp, "study_days", kDefaultStudyMedianDays);
    gi.agreement_days = law(*g, gp, "agreement_days", kDefaultAgreementMedianDays);
    gi.construction_days = law(*g, gp, "construction_days", kDefaultConstructionMedianDays);
    const auto prob = [&](const std::string& key, double otherwise) {
      const json* v = Reader::optional(*g, key);
      return v ? r_.number(*v, gp / key, Range{0.0, 1.0}) : otherwise;
    };
    gi.withdraw_prob = prob("withdraw_prob", 0);
    gi.downsize_prob = prob("downsize_prob", 0);
    if (const json* f = Reader::optional(*g, "downsize_fraction"))
      gi.downsize_fraction = r_.number(*f, gp / "downsize_fraction", Range{0.0, 1.0, false, false});
    else if (gi.downsize_prob > 0)
      r_.fail("scenario.missing_key", gp / "downsize_fraction", "a downsize_prob above 0 needs a downsize_fraction");
    s.grid = gi;
  }
  const json* stages = Reader::optional(j, "power_stages");
  if (stages == nullptr || !stages->is_array()) return;  // power_stages() has said what is wrong
  const Ptr pp = p / "power_stages";
  for (std::size_t k = 0; k < stages->size() && k < s.power_stages.size(); ++k) {
    const json& sj = (*stages)[k];
    const Ptr q = pp / k;
    PowerStage& st = s.power_stages[k];
    if (const json* slip = Reader::optional(sj, "slip_days"))
      st.slip_days = distribution(*slip, q / "slip_days", false);
    if (const json* gr = Reader::optional(sj, "grid")) st.grid = r_.boolean(*gr, q / "grid");
    const json* eq = Reader::optional(sj, "equipment");
    if (eq == nullptr) continue;
    const Ptr ep = q / "equipment";
    const json& ea = r_.array(*eq, ep, 0, 1000);
    for (std::size_t i = 0; i < ea.size(); ++i) {
      const Ptr ip = ep / i;
      r_.object(ea[i], ip, {"name", "ordered", "lead_time_days"});
      Equipment e;
      e.name = r_.string(ea[i], ip, "name", true);
      e.ordered = past_date(ea[i], ip, "ordered");
      e.lead_time_days = distribution(r_.required(ea[i], ip, "lead_time_days"), ip / "lead_time_days", true);
      st.equipment.push_back(std::move(e));
    }
  }
}

}  // namespace gwsim::detail
